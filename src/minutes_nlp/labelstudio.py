"""Moved to :mod:`minutes_nlp.tools.labelstudio` (tooling the runtime never imports); this name stays an
alias of that module (the same module object), so existing imports keep working."""
import sys

from .tools import labelstudio as _module

sys.modules[__name__] = _module
