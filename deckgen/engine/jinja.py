"""The Jinja sandbox itself, made the first time a content string needs Jinja
(``sandbox.Engine.env``): most strings only name values and format them, which
``engine.simple`` renders without importing Jinja (about 9 ms of a command).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .bounds import (
    MAX_RENDERED_CHARS,
    EngineError,
    _integers,
    _length,
    _made,
    _percent_size,
    _step,
    _text,
    _weight,
)
from .sandbox import (
    _BUILTIN_VALUES,
    _WIDTH_METHODS,
    COUNTED,
    SAFE_FILTERS,
    SAFE_METHODS,
    _bounded_filter,
    _counted,
    _counted_test,
    output_text,
)


class _Codegen(CodeGenerator):
    """Jinja's code generator, with the three things a sandbox cannot intercept routed
    through the environment: loops (counted), ``~`` (bounded) and output (bounded, also inside
    macros and blocks, whose output Jinja buffers before anyone can look at it)."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, COUNTED, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_bounded((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.output(")
        if finalize.src is not None:
            self.write(finalize.src)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
        if finalize.src is not None:
            self.write(")")

    def _output_const_repr(self, group: Any) -> str:
        return f"environment.output({super()._output_const_repr(group)})"


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, also bounding what rendering can build and how long it runs:
    untrusted content must not hang or exhaust a batch worker (``'x' * 10**9``,
    ``9 ** 9 ** 9``, squaring in a loop, a text doubled by ``~``, nested loops).

    Every operation, call, lookup, loop round and output is a step of the render's budget
    (``_Budget``); every value made is checked for size before or, where cheap, after.
    """

    code_generator_class = _Codegen
    intercepted_binops = frozenset({"*", "**", "+", "-", "/", "//", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        _integers(left, right)
        if operator == "**" and (
            not isinstance(right, int | float) or abs(right) > 64 or abs(left) > 10**6
        ):
            raise EngineError("a power that large is not allowed in a content string")
        if operator == "*":
            sized = [x for x in (left, right) if isinstance(x, str | list | tuple)]
            count = [x for x in (left, right) if isinstance(x, int)]
            if sized and count and _weight(sized[0]) * abs(count[0]) > MAX_RENDERED_CHARS:
                raise EngineError("a repeated text that long is not allowed in a content string")
        elif operator == "+" and isinstance(left, str | list | tuple):
            _length(_weight(left) + _weight(right))
        elif operator == "%" and isinstance(left, str):
            _length(_percent_size(left, right))
        return _made(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in _WIDTH_METHODS:
                _integers(*args)
                _length(max([len(owner), *(a for a in args if isinstance(a, int))]))
            elif name == "replace" and len(args) >= 2:
                old, new = str(args[0]), str(args[1])
                times = owner.count(old) if old else len(owner) + 1
                _length(len(owner) + times * max(0, len(new) - len(old)))
        return _made(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _step()
        return _made(super().getitem(obj, argument))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, _BUILTIN_VALUES) and callable(value) and attr not in SAFE_METHODS:
            raise EngineError(
                f"the method .{attr}() is not allowed in a content string; use a filter "
                "(| join, | upper, ...) instead"
            )
        return True

    def wrap_str_format(self, value: Any) -> None:
        # str.format is refused like any unsafe method (is_safe_attribute), not wrapped.
        return None

    def concat_bounded(self, parts: tuple[Any, ...]) -> str:
        """Join ``a ~ b ~ c``, refusing a result that is too long before building it."""
        _step()
        texts = [_text(p) for p in parts]
        _length(sum(len(t) for t in texts))
        return "".join(texts)

    def output(self, value: Any) -> str:
        """Text a tag or the template writes, counted wherever it goes (output or buffer)."""
        return output_text(value)


def sandbox_environment(own_filters: Mapping[str, Callable[..., Any]]) -> _Sandbox:
    """The environment of one Engine: Jinja's safe filters bounded, and deckgen's own
    (``own_filters``, bounded already: the same objects the simple path calls)."""
    env = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    builtins = {name: _bounded_filter(name, env.filters[name]) for name in SAFE_FILTERS}
    env.filters = builtins | dict(own_filters)
    env.filters[COUNTED] = _counted
    env.tests = {name: _counted_test(cast(Callable[..., Any], t)) for name, t in env.tests.items()}
    # No loops over ranges, no lorem ipsum, no cyclers: content strings format values.
    env.globals = {}
    return env
