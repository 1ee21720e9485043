"""Autoevaluaciones de los ejercicios y del homework.

Each ``check_*`` function looks at what the student built, prints Spanish
feedback (what is right, what is missing, the expected value where that
teaches) and returns ``True`` when everything is right. It never raises: a
wrong or missing answer (``None``, a stub) is reported as «todavía no», so a
notebook's "Run All" goes on.
"""

from __future__ import annotations

import functools

OK = "✔"
NOT_YET = "✘"


class Feedback:
    """Collects the lines of one self-check and prints them."""

    def __init__(self, title: str):
        self.title = title
        self.lines: list[str] = []
        self.passed = True

    def expect(self, condition, right: str, wrong: str) -> bool:
        """Add ``right`` if ``condition`` holds, else ``wrong`` (and fail)."""
        condition = bool(condition)
        self.lines.append(f"  {OK} {right}" if condition else f"  {NOT_YET} {wrong}")
        self.passed &= condition
        return condition

    def missing(self, what: str) -> bool:
        """A required answer is absent: fail with «todavía no»."""
        return self.expect(False, "", f"todavía no: {what}")

    def report(self) -> bool:
        print(self.title)
        for line in self.lines:
            print(line)
        if self.passed:
            print("Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto.")
        else:
            failed = sum(line.startswith(f"  {NOT_YET}") for line in self.lines)
            print(f"Resultado: todavía no ({failed} punto(s) por resolver).")
        return self.passed


def self_check(title: str):
    """Decorator: run ``func(feedback, *args)``, print the report, never raise."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs) -> bool:
            feedback = Feedback(title)
            try:
                func(feedback, *args, **kwargs)
            except Exception as error:  # a check never stops the notebook
                feedback.missing(f"no pude revisar tu respuesta ({type(error).__name__}: {error}).")
            return feedback.report()

        return wrapper

    return decorate


# --- ejercicios 1 y 2 (construir) ---


# --- ejercicio 3 (guardar) ---


# --- ejercicios 4 y 5 (entrenar) ---


# --- homework ---
