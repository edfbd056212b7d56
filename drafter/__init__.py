"""drafter：法治政府建设年度报告起草助手。

The package owns its version and one process-wide setting: drafter uses no pydantic
plugins. Looking for them costs every command a visible share of its start-up: when it
builds the first model, pydantic imports `importlib.metadata` and reads every installed
package's entry points. So plugins are switched off (`PYDANTIC_DISABLE_PLUGINS`) unless
that variable is already set (set it to an empty value to load plugins), and while they
are off pydantic's plugin loader is replaced by one that finds none, without the import.
See the module docstrings for who owns what.
"""

import os
import sys
import types

__version__ = "0.2.1"

_PLUGIN_LOADER = "pydantic.plugin._loader"   # pydantic 2.14: imported when the first model is built

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true") and _PLUGIN_LOADER not in sys.modules:
    _no_plugins = types.ModuleType(_PLUGIN_LOADER, "drafter: pydantic plugins are switched off")
    _no_plugins.get_plugins = lambda: ()   # what the real loader returns when they are off
    sys.modules[_PLUGIN_LOADER] = _no_plugins
