"""Papermill parameters for notebooks in the QAMA cell language.

Papermill writes the values given with ``-p``/``-y``/``-f`` into an injected cell after the cell tagged
``parameters``. For the ``qama`` language that cell is one call::

    // Parameters
    inject(γ: 4, sweeps: 500, title: "run 2")

``inject`` (a kernel builtin) keeps each name's kind: a ``param`` takes the new number (a model built
from it re-weights), a ``var`` is reassigned, a ``let`` is rebound. The translator cannot do that itself
because papermill does not show it the parameters cell.

Papermill has no entry point for translators; it does import every ``papermill.engine`` entry point when
it starts, so this module registers the translator on import and offers papermill's own nbclient engine
under the name ``qama`` (``--engine qama`` is never needed).
"""
import math
import re

from papermill.engines import NBClientEngine
from papermill.translators import Translator, papermill_translators

_IDENTIFIER = re.compile(r"^[^\W\d]\w*$")


class QamaTranslator(Translator):
    """Values as QAMA literals: numbers, strings, Bools and (nested) arrays."""

    @classmethod
    def translate_none(cls, val):
        raise ValueError("the QAMA language has no null value; give the parameter a number, string, Bool or list")

    @classmethod
    def translate_int(cls, val):
        return str(val)

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val):
            return "(0 / 0)"
        if math.isinf(val):
            return "(1 / 0)" if val > 0 else "(-1 / 0)"
        # repr is the shortest text that reads back to the same double, as the language prints numbers.
        return repr(val)

    @classmethod
    def translate_escaped_str(cls, str_val):
        escaped = (str(str_val).replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r"))
        return f'"{escaped}"'

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def translate_dict(cls, val):
        raise ValueError("the QAMA language has no dictionaries; pass each entry as its own parameter")

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        for name in parameters:
            if not _IDENTIFIER.match(name):
                raise ValueError(f"'{name}' is not a QAMA identifier (letters, digits and _, not starting with a digit)")
        arguments = ", ".join(f"{name}: {cls.translate(value)}" for name, value in parameters.items())
        return f"{cls.comment(comment)}\ninject({arguments})\n"

    @classmethod
    def inspect(cls, parameters_cell):
        """The names the parameters cell declares (`let`, `var`, `param`), for `papermill --help-notebook`."""
        from papermill.models import Parameter

        declaration = re.compile(r"^\s*(let|var|param)\s+([^\W\d]\w*)\s*=\s*(.*?)\s*(?://\s*(.*))?$")
        found = []
        for line in parameters_cell.source.splitlines():
            match = declaration.match(line)
            if match:
                kind, name, value, help_text = match.groups()
                found.append(Parameter(name=name, inferred_type_name=kind, default=value, help=help_text or ""))
        return found


class QamaEngine(NBClientEngine):
    """Papermill's nbclient engine, registered under the name ``qama`` (see the module docstring)."""


papermill_translators.register("qama", QamaTranslator)
