"""The web interface: server-rendered pages over the engine, on the API's own application.

:func:`install` adds the pages (``/ui/...``) to the application :func:`exportctl.api.create_app`
built; :func:`exportctl.web.server.app_from_env` is the factory ``exportctl serve`` runs. The
package is an adapter: it imports the library and the API, and nothing below imports it.
"""

from exportctl.web.app import install

__all__ = ["install"]
