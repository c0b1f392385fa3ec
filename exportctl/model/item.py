"""Item specifications: the technical parameters of a product, part, software or technology.

An :class:`ItemSpec` is what a compliance officer copies from a data sheet into YAML. It is the
input of classification. Quantities stay strings with their unit (``"3000 mm"``, ``"1.3 um"``,
``"20000 rpm"``) exactly as the user wrote them; :mod:`exportctl.classification` parses them
(with pint) and checks each against the dimension recorded in the field's metadata
(``json_schema_extra={"dimension": ...}``), so this module stays free of unit libraries.

Every field is optional except ``id``: a missing parameter is *unknown*, and classification
reports a ``review`` note when an unknown parameter decides the outcome instead of guessing.
Axis counts follow the Category 2 Technical Notes (Wassenaar 2.B. TN 1, 2 and 4): secondary
parallel axes are not counted, and a tilting spindle counts as a rotary axis.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "AxesSpec",
    "FeedbackSpec",
    "GrindingSpec",
    "ItemCategory",
    "ItemSpec",
    "LinearAxis",
    "MachiningType",
    "Manufacturer",
    "NumericalControlSpec",
    "PartKind",
    "RotaryAxis",
    "RotaryTableSpec",
    "SoftwareSpec",
    "SpecialPurpose",
    "SpindleSpec",
    "TechnologyPurpose",
    "TechnologySpec",
    "TurningSpec",
    "quantity_dimension",
]


class ItemCategory(StrEnum):
    """What kind of item is being classified."""

    MACHINE_TOOL = "machine_tool"
    MACHINE_TOOL_PART = "machine_tool_part"
    NUMERICAL_CONTROL_UNIT = "numerical_control_unit"
    MEASURING_EQUIPMENT = "measuring_equipment"
    SOFTWARE = "software"
    TECHNOLOGY = "technology"
    OTHER = "other"


class MachiningType(StrEnum):
    """The machining process of a machine tool (its main ``type`` or extra ``capabilities``)."""

    TURNING = "turning"
    MILLING = "milling"
    GRINDING = "grinding"
    JIG_BORING = "jig_boring"
    FLY_CUTTING = "fly_cutting"
    EDM = "edm"  # electrical discharge machining, non-wire (sinker) type
    WIRE_EDM = "wire_edm"
    WATER_JET = "water_jet"
    ELECTRON_BEAM = "electron_beam"
    LASER = "laser"
    DEEP_HOLE_DRILLING = "deep_hole_drilling"
    GEAR_FINISHING = "gear_finishing"
    ADDITIVE = "additive"
    SPIN_FORMING = "spin_forming"
    FLOW_FORMING = "flow_forming"
    LASER_WELDING = "laser_welding"
    ELECTRON_BEAM_WELDING = "electron_beam_welding"
    MIG_WELDING = "mig_welding"
    ISOSTATIC_PRESS = "isostatic_press"
    BALANCING = "balancing"
    OTHER = "other"


class PartKind(StrEnum):
    """What a part (``category: machine_tool_part``) is."""

    SPINDLE = "spindle"
    TILTING_SPINDLE = "tilting_spindle"
    SPINDLE_ASSEMBLY = "spindle_assembly"
    COMPOUND_ROTARY_TABLE = "compound_rotary_table"
    ROTARY_TABLE = "rotary_table"
    LINEAR_POSITION_FEEDBACK = "linear_position_feedback"
    ROTARY_POSITION_FEEDBACK = "rotary_position_feedback"
    NUMERICAL_CONTROL_UNIT = "numerical_control_unit"
    MOTION_CONTROL_BOARD = "motion_control_board"
    BEARING = "bearing"
    OTHER = "other"


class SpecialPurpose(StrEnum):
    """Products a special-purpose machine is limited to making (2B001 Notes 1-2, 2B201 Note)."""

    GEARS = "gears"
    CRANK_SHAFTS = "crank_shafts"
    CAM_SHAFTS = "cam_shafts"
    TOOLS = "tools"
    CUTTERS = "cutters"
    EXTRUDER_WORMS = "extruder_worms"
    JEWELLERY = "jewellery"
    DENTAL_PROSTHESES = "dental_prostheses"


class TechnologyPurpose(StrEnum):
    """What software or technology is for (Wassenaar/EAR definitions of these words)."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"
    USE = "use"  # operation, installation, maintenance (checking), repair, overhaul, refurbishing


def _no_bare_numbers(value: Any) -> Any:
    """A quantity must carry its unit; a bare number is ambiguous (mm? µm?)."""
    if isinstance(value, bool | int | float):
        raise ValueError(f"give a value with its unit, e.g. '{value} mm' (got a bare number)")
    return value


def _quantity(dimension: str, example: str, description: str) -> Any:
    """Field factory for a quantity string; ``dimension`` tells the parser what to expect."""
    return Field(
        default=None,
        description=f"{description} (a quantity with unit, e.g. '{example}')",
        json_schema_extra={"dimension": dimension, "example": example},
    )


Quantity = Annotated[str, BeforeValidator(_no_bare_numbers)]


def quantity_dimension(model: type[BaseModel], field: str) -> str | None:
    """The dimension (``length``, ``angle``, ``rotational_speed``) of a quantity field, if any."""
    info = model.model_fields.get(field)
    if info is None or not isinstance(info.json_schema_extra, dict):
        return None
    dim = info.json_schema_extra.get("dimension")
    return dim if isinstance(dim, str) else None


class _Spec(BaseModel):
    # Unknown keys are errors: a typo ("repeatibility") must not silently become "unknown".
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Manufacturer(_Spec):
    """Who makes the item. Not used by classification, so unknown keys are kept, not refused
    (``{name: Roundtop Machinery Industries Co., Ltd.}`` in YAML flow style splits the name at
    the comma into a stray ``Ltd.`` key)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str | None = None
    country: str | None = None


class AxesSpec(_Spec):
    """Axis counts, per the Category 2 Technical Notes."""

    linear: int | None = Field(default=None, ge=0)
    rotary: int | None = Field(default=None, ge=0)
    simultaneous_contouring: int | None = Field(
        default=None, ge=0, description="axes that can be coordinated simultaneously for contouring"
    )
    contouring_rotary: int | None = Field(
        default=None,
        ge=0,
        description="rotary axes that can take part in simultaneous contouring (derived if all "
        "axes contour)",
    )
    parallel_kinematic: bool | None = Field(
        default=None, description="parallel linear kinematic design (e.g. hexapod)"
    )


class LinearAxis(_Spec):
    name: str | None = None
    travel: Quantity | None = _quantity("length", "3000 mm", "travel length")
    unidirectional_positioning_repeatability: Quantity | None = _quantity(
        "length", "1.3 um", "stated unidirectional positioning repeatability (ISO 230-2:2014)"
    )
    positioning_accuracy: Quantity | None = _quantity(
        "length", "4 um", "overall positioning accuracy with all compensations (ISO 230/2)"
    )


class RotaryAxis(_Spec):
    name: str | None = None
    positioning_accuracy: Quantity | None = _quantity(
        "angle", "0.002 deg", "rotary positioning accuracy"
    )
    contouring: bool | None = None


class SpindleSpec(_Spec):
    max_speed: Quantity | None = _quantity("rotational_speed", "20000 rpm", "maximum speed")
    tilting: bool | None = Field(
        default=None, description="tool-holding spindle that alters its angle during machining"
    )
    contouring: bool | None = Field(
        default=None,
        description="tilting spindle designed to be coordinated simultaneously for contouring "
        "(derived when every axis of the machine contours)",
    )
    run_out: Quantity | None = _quantity("length", "0.0005 mm", "run-out in one revolution, TIR")
    camming: Quantity | None = _quantity(
        "length", "0.0005 mm", "camming (axial displacement) in one revolution, TIR"
    )


class TurningSpec(_Spec):
    """Turning-specific facts, used by the 2B001.a and 2B201 notes."""

    max_turning_diameter: Quantity | None = _quantity(
        "length", "400 mm", "largest diameter the machine can turn (capacity)"
    )
    bar_feed_only: bool | None = Field(
        default=None, description="bar machine limited to machining bar feed through"
    )
    max_bar_diameter: Quantity | None = _quantity("length", "42 mm", "maximum bar diameter")
    chuck_mounting: bool | None = Field(default=None, description="capable of mounting chucks")
    contact_lens: bool | None = Field(
        default=None, description="specially designed for producing contact lenses"
    )
    ophthalmic_software_only: bool | None = Field(
        default=None, description="controller limited to ophthalmic part-programming software"
    )
    vacuum_chucking: bool | None = None


class GrindingSpec(_Spec):
    """Grinding-specific facts, used by the 2B001.c and 2B201 notes."""

    kind: str | None = Field(
        default=None, description="cylindrical | jig | surface | other (designed specifically as)"
    )
    limited_to_cylindrical: bool | None = None
    max_workpiece_diameter: Quantity | None = _quantity(
        "length", "150 mm", "maximum workpiece outside diameter"
    )
    max_workpiece_length: Quantity | None = _quantity(
        "length", "150 mm", "maximum workpiece length"
    )


class RotaryTableSpec(_Spec):
    rotary_axes: int | None = Field(default=None, ge=0)
    contouring: bool | None = Field(
        default=None, description="rotary axes designed to be coordinated for contouring"
    )
    rotate_and_tilt: bool | None = Field(
        default=None, description="rotates and tilts the workpiece about two non-parallel axes"
    )


class FeedbackSpec(_Spec):
    """Position feedback units (2B006.b.2 linear, 2B006.c rotary)."""

    accuracy: Quantity | None = _quantity("length", "0.9 um", "overall linear accuracy")
    angular_accuracy: Quantity | None = _quantity("angle", "0.8 arcsec", "angular accuracy")
    effective_length: Quantity | None = _quantity("length", "1000 mm", "effective length")
    autocollimator: bool | None = Field(
        default=None, description="optical instrument using collimated light (2B006.c note)"
    )


class NumericalControlSpec(_Spec):
    """A numerical control unit (2B991.a)."""

    interpolating_axes: int | None = Field(default=None, ge=0)
    contouring_axes: int | None = Field(default=None, ge=0)
    min_programmable_increment: Quantity | None = _quantity(
        "length", "0.0001 mm", "minimum programmable increment"
    )
    cad_input: bool | None = Field(
        default=None, description="receives and processes CAD data on-line"
    )


class SoftwareSpec(_Spec):
    purpose: list[TechnologyPurpose] = Field(default_factory=list)
    for_codes: list[str] = Field(
        default_factory=list, description="control codes of the items it is for (2B001, 2.B.8)"
    )
    numerical_control: bool | None = Field(
        default=None, description="makes an electronic device function as an NC unit"
    )
    contouring_axes: int | None = Field(
        default=None, ge=0, description="axes it can coordinate simultaneously for contouring"
    )
    part_programming_only: bool | None = Field(
        default=None, description="part-programming software that generates NC codes"
    )
    minimum_for_uncontrolled: bool | None = Field(
        default=None,
        description="exported with, and the minimum necessary to operate, a non-Category-2 item",
    )


class TechnologySpec(_Spec):
    purpose: list[TechnologyPurpose] = Field(default_factory=list)
    for_codes: list[str] = Field(default_factory=list)
    for_reasons: list[str] = Field(
        default_factory=list,
        description="US reasons for control of the items it is for (e.g. NP1)",
    )


class ItemSpec(_Spec):
    """One item: a machine tool, a part, software or technology, described by its parameters."""

    id: str = Field(min_length=1)
    description: str | None = None
    manufacturer: Manufacturer | None = None
    model: str | None = None
    origin: str | None = Field(
        default=None,
        description="country of origin, ISO 3166-1 alpha-2 (a US origin engages the EAR)",
    )
    category: ItemCategory | None = None
    type: MachiningType | None = None
    capabilities: list[MachiningType] = Field(
        default_factory=list,
        description="further machining capabilities (turning machine with milling capability)",
    )
    part_kind: PartKind | None = None
    designed_for: list[MachiningType] = Field(
        default_factory=list,
        description="for parts: the machine types it is designed for (derived from part_of)",
    )
    designed_for_codes: list[str] = Field(
        default_factory=list, description="for parts: control codes of the machines it is for"
    )
    materials: list[str] = Field(
        default_factory=list, description="materials it removes: metals, ceramics, composites..."
    )
    numerical_control: bool | None = None
    additive_manufacturing: bool | None = None
    limited_to_manufacture_of: list[SpecialPurpose] = Field(
        default_factory=list, description="special-purpose machines only"
    )
    axes: AxesSpec | None = None
    linear_axes: list[LinearAxis] = Field(default_factory=list)
    rotary_axes: list[RotaryAxis] = Field(default_factory=list)
    positioning_accuracy_standard: str | None = Field(
        default=None,
        description="standard of the stated positioning accuracies, e.g. ISO 230-2:2006",
    )
    spindle: SpindleSpec | None = None
    turning: TurningSpec | None = None
    grinding: GrindingSpec | None = None
    rotary_table: RotaryTableSpec | None = None
    feedback: FeedbackSpec | None = None
    numerical_control_unit: NumericalControlSpec | None = None
    max_bore_depth: Quantity | None = _quantity("length", "6 m", "maximum depth-of-bore capability")
    slide_angular_deviation: Quantity | None = _quantity(
        "angle", "1.5 arcsec", "yaw, pitch and roll of slide movement over 300 mm, TIR"
    )
    software: SoftwareSpec | None = None
    technology: TechnologySpec | None = None
    part_of: str | None = Field(
        default=None, description="for parts and services: the item id of the machine served"
    )
