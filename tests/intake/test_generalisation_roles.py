"""Role and boundary rules added from the second round of development documents (issue 19):
legal forms before the name, orders placed with a supplier, goods passed on in any tense,
who the goods are for, the party an intermediary works for, forwarders the goods go to."""

from __future__ import annotations

from exportctl.intake import extract_alert, parse_document
from exportctl.model.alert import AlertRole, ExtractedParty


def parties(text: str) -> dict[str, ExtractedParty]:
    alert = extract_alert(parse_document(text.encode("utf-8"), "t.txt"))
    return {p.name: p for p in alert.parties}


def test_a_legal_form_before_the_name_is_part_of_it() -> None:
    found = parties(
        "Kama Trade LLC delivered the machines to JSC Izhevsk Electromechanical Plant. "
        "A second order went to OAO Minsk Gear Works."
    )
    assert "JSC Izhevsk Electromechanical Plant" in found
    assert "OAO Minsk Gear Works" in found


def test_an_order_placed_with_a_firm_makes_it_the_supplier() -> None:
    found = parties(
        "Orchid Star Pte. Ltd. has placed an order with Kessler Wickeltechnik GmbH of "
        "Augsburg, Germany, for two machines."
    )
    assert found["Kessler Wickeltechnik GmbH"].role is AlertRole.SUPPLIER
    assert found["Orchid Star Pte. Ltd."].role is not AlertRole.SUPPLIER


def test_asking_a_firm_for_a_quotation_makes_it_the_supplier() -> None:
    found = parties(
        "Sinar Jaya Teknologi Sdn. Bhd. has asked Nakamura Thermal Engineering Co., Ltd., a "
        "Japanese manufacturer, for a quotation for three furnaces."
    )
    assert found["Nakamura Thermal Engineering Co., Ltd."].role is AlertRole.SUPPLIER


def test_goods_passed_on_in_any_tense_go_to_the_end_user() -> None:
    found = parties(
        "The documents gave Anatolia Makine Ticaret A.S. of Istanbul as the consignee. The "
        "machine was to be passed on to Aviaagregat PJSC, an aircraft parts plant in Samara, "
        "Russia."
    )
    assert found["Aviaagregat PJSC"].role is AlertRole.END_USER
    assert found["Anatolia Makine Ticaret A.S."].role is AlertRole.INTERMEDIATE


def test_the_customer_the_goods_are_for_is_the_end_user() -> None:
    found = parties(
        "Baltkomplekt UAB of Vilnius, Lithuania, would like to purchase two machines. The "
        "machines are for our customer, OAO Minsk Gear Works in Belarus."
    )
    assert found["OAO Minsk Gear Works"].role is AlertRole.END_USER
    assert found["Baltkomplekt UAB"].role is AlertRole.INTERMEDIATE


def test_the_firm_an_intermediary_works_for_is_not_the_end_user_when_one_is_named() -> None:
    found = parties(
        "Kama Techno Trade LLC bought the machines and delivered them to Kupol Plant JSC. "
        "Kupol Plant JSC is the end user. Bright Horizon Industrial Limited, a Hong Kong "
        "company, acted as an intermediary for Kama Techno Trade LLC."
    )
    assert found["Kupol Plant JSC"].role is AlertRole.END_USER
    assert found["Kama Techno Trade LLC"].role is AlertRole.INTERMEDIATE
    assert found["Bright Horizon Industrial Limited"].role is AlertRole.INTERMEDIATE


def test_the_firm_an_agent_works_for_is_the_end_user_when_none_is_named() -> None:
    found = parties(
        "Orchid Star Pte. Ltd. is a procurement agent for Beijing Hangyu Research Institute."
    )
    assert found["Beijing Hangyu Research Institute"].role is AlertRole.END_USER


def test_a_firm_using_front_companies_to_buy_is_who_they_buy_for() -> None:
    found = parties(
        "Korea Ryonha Machinery Joint Venture Corporation, a DPRK firm, is using two front "
        "companies to buy vacuum furnaces."
    )
    assert found["Korea Ryonha Machinery Joint Venture Corporation"].role is AlertRole.END_USER


def test_a_forwarder_the_goods_are_delivered_to_is_no_end_user() -> None:
    found = parties(
        "He asked that the machines be delivered to Pacific Rim Cargo Services Limited, a "
        "forwarder in Hong Kong. Mehran Tools Ltd asked us to deliver the machine to Gulf "
        "Bridge Logistics FZCO in Dubai, who would forward it onwards."
    )
    assert found["Pacific Rim Cargo Services Limited"].role is AlertRole.INTERMEDIATE
    assert found["Gulf Bridge Logistics FZCO"].role is AlertRole.INTERMEDIATE


def test_a_firm_named_as_a_front_is_an_intermediary() -> None:
    found = parties(
        "A second front, Dalian Haixing Trading Co., Ltd., would receive the furnaces in China."
    )
    assert found["Dalian Haixing Trading Co., Ltd."].role is AlertRole.INTERMEDIATE


def test_an_industry_after_a_possessive_country_is_no_party() -> None:
    found = parties("Kama Techno Trade LLC supplied machine tools to Russia's Defense Industry.")
    assert "Defense Industry" not in found


def test_a_place_and_company_introduce_the_name_in_capitals() -> None:
    found = parties(
        "POST EXPLAINED THAT THE ISTANBUL COMPANY KARADENIZ MAKINA SANAYI VE TICARET LTD. STI. "
        "HAD BOUGHT SIX SPINDLES FROM WEISS SPINDELTECHNOLOGIE GMBH OF SCHWEINFURT, GERMANY."
    )
    assert "KARADENIZ MAKINA SANAYI VE TICARET LTD. STI." in found
    assert "ISTANBUL COMPANY" not in found


def test_a_person_after_a_job_title_in_apposition() -> None:
    found = parties(
        "Proceedings against Elbe Industrietechnik GmbH and its managing director, Dieter "
        "Kranz, have been opened. Their procurement manager, Armen Sargsyan, asked us to ship."
    )
    assert found["Dieter Kranz"].schema_ == "Person"
    assert found["Armen Sargsyan"].schema_ == "Person"


def test_a_person_who_signs_as_manager_of_a_firm_is_placed_where_it_is() -> None:
    found = parties(
        "The enquiry came from Nguyen Hoang Minh, who signs as purchasing manager of Saigon "
        "Precision Engineering JSC in Ho Chi Minh City, Vietnam. Mr. Nguyen insisted."
    )
    assert found["Nguyen Hoang Minh"].schema_ == "Person"
    assert found["Nguyen Hoang Minh"].country == "VN"
    assert found["Saigon Precision Engineering JSC"].country == "VN"


def test_a_person_with_a_job_title_asks_for_the_firm() -> None:
    found = parties(
        "Mehran Tools (Private) Limited ordered an EDM machine. Its director, Pakistani "
        "national Tariq Mehmood, asked that the machine be shipped to Karachi."
    )
    assert found["Tariq Mehmood"].role is None
    assert found["Tariq Mehmood"].country == "PK"


def test_seeking_goods_and_an_enquiry_for_goods_are_purchases() -> None:
    found = parties(
        "Caspian Heavy Industries LLP, an Aktau-based firm, has sought a hot isostatic press. "
        "We received an enquiry from Anka Makina Sanayi A.S. for one machining center."
    )
    assert found["Caspian Heavy Industries LLP"].role is AlertRole.PURCHASER
    assert found["Anka Makina Sanayi A.S."].role is AlertRole.PURCHASER


def test_a_lebanese_legal_form_ends_the_name() -> None:
    found = parties("The broker offered the goods to Cedar Industrial Trading SAL of Beirut.")
    assert "Cedar Industrial Trading SAL" in found


def test_the_firm_a_recipient_supplies_is_the_end_user() -> None:
    found = parties(
        "Donau Messtechnik Handels GmbH, a Vienna-based broker, has offered fifty pressure "
        "transducers, model PTX 7500, to Cedar Industrial Trading SAL of Beirut, Lebanon. Cedar "
        "Industrial Trading SAL would re-export the transducers to the Syrian firm Al Mahd "
        "Engineering Company, which supplies the Scientific Studies and Research Center."
    )
    assert found["Scientific Studies and Research Center"].role is AlertRole.END_USER
    assert found["Al Mahd Engineering Company"].role is AlertRole.INTERMEDIATE
    assert found["Cedar Industrial Trading SAL"].role is AlertRole.INTERMEDIATE


def test_a_firm_that_sent_the_goods_is_their_exporter() -> None:
    found = parties("Midland Precision Spares Ltd sent the parts to Tehran via a forwarder.")
    assert found["Midland Precision Spares Ltd"].role is AlertRole.EXPORTER


def test_a_name_with_an_age_is_a_person_placed_by_the_place_after() -> None:
    found = parties(
        "Mehdi Hosseinzadeh, 47, of Shiraz, Iran, and Paul Tremblay, 55, of Montreal, Canada, "
        "were charged."
    )
    assert (found["Mehdi Hosseinzadeh"].schema_, found["Mehdi Hosseinzadeh"].country) == (
        "Person",
        "IR",
    )
    assert found["Paul Tremblay"].country == "CA"


def test_a_firm_used_to_buy_is_an_intermediary_placed_by_its_city() -> None:
    found = parties(
        "Paul Tremblay, 55, used Northwind Industrial Supply Inc., a Montreal company "
        "controlled by Tremblay, to buy four CNC lathes."
    )
    firm = found["Northwind Industrial Supply Inc."]
    assert (firm.role, firm.country) == (AlertRole.INTERMEDIATE, "CA")


def test_a_firm_where_the_goods_went_is_placed_there() -> None:
    found = parties(
        "The lathes were shipped to Montreal and then to Istanbul, where Bosphorus Lojistik "
        "A.S. arranged their onward shipment to Tehran."
    )
    assert found["Bosphorus Lojistik A.S."].country == "TR"


def test_an_academy_of_and_the_country_after_it() -> None:
    found = parties(
        "Chongchon River Trading Corporation procures machine tools for the Second Academy of "
        "Natural Sciences of North Korea."
    )
    academy = found["Second Academy of Natural Sciences"]
    assert (academy.country, academy.role) == ("KP", AlertRole.END_USER)


def test_a_contract_with_a_firm_makes_the_buyer_and_the_supplier() -> None:
    found = parties(
        "A RUSSIAN CONTACT TOLD EMBOFF THAT THE MINSK TRADING HOUSE BELTECHIMPORT ODO HAD "
        "CONTRACTED WITH OFFICINE MECCANICHE ROSSI SPA OF BRESCIA, ITALY, FOR TWO MACHINES. THE "
        "MACHINES WOULD BE SHIPPED TO MINSK AND THEN BY TRUCK TO THE VOTKINSK MACHINE BUILDING "
        "PLANT IN RUSSIA."
    )
    assert set(found) == {
        "BELTECHIMPORT ODO",
        "OFFICINE MECCANICHE ROSSI SPA",
        "VOTKINSK MACHINE BUILDING PLANT",
    }
    assert found["OFFICINE MECCANICHE ROSSI SPA"].role is AlertRole.SUPPLIER
    assert found["VOTKINSK MACHINE BUILDING PLANT"].role is AlertRole.END_USER
    assert found["BELTECHIMPORT ODO"].role is AlertRole.INTERMEDIATE


def test_a_word_opening_a_subject_before_of_is_not_part_of_the_name() -> None:
    found = parties(
        "Screening of Eastbridge Technology Co., Ltd. before shipment\n\n"
        "Eastbridge's general manager, Liu Fang, told us the goods would go to Shenzhen, China."
    )
    assert "Eastbridge Technology Co., Ltd." in found
    assert not any(name.startswith("Screening") for name in found)


def test_a_firm_s_manager_is_placed_where_the_firm_is() -> None:
    found = parties(
        "Eastbridge Technology Co., Ltd., a Shenzhen-based reseller, ordered encoders. "
        "Eastbridge's general manager, Liu Fang, told us the goods would be re-exported."
    )
    assert found["Liu Fang"].country == "CN"
