"""Per-capability services that :class:`exportctl.engine.Engine` builds from ``Settings``.

One module per capability (lists, screening, classification, determination, intake); each
service takes typed values (list files, item specs, a transaction, a parsed document) and
returns values. Reading files from paths is the adapters' job (:mod:`exportctl.files`). A new
capability (controls, cases, batch) is a new module here and one attribute on the engine.
"""
