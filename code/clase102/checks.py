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


def _prediction_shape(feedback: Feedback, value, name: str, n: int, n_classes: int, how: str):
    """Check that ``value`` is what ``predict`` returns for ``n`` samples: ``(n, n_classes)``."""
    import numpy as np

    if value is None:
        feedback.missing(f"guardá en «{name}» lo que devuelve modelo.predict({how}, verbose=0).")
        return None
    array = np.asarray(value)
    expected = (n, n_classes)
    if array.shape == expected:
        feedback.expect(
            True,
            f"«{name}» tiene forma {expected}: una fila por muestra del lote, una columna por clase.",
            "",
        )
        return array
    if array.shape == (n_classes,):
        hint = (
            f"forma {array.shape}: le sacaste el eje del lote (¿{name}[0]?). predict devuelve "
            f"siempre una matriz; para {n} muestra(s) es {expected}."
        )
    elif array.ndim == 2 and array.shape[-1] != n_classes and array.shape[-1] > n_classes:
        hint = (
            f"forma {array.shape}: parece la entrada (las imágenes), no lo que devuelve predict; "
            f"se esperaba {expected}."
        )
    elif array.ndim == 2 and array.shape[-1] == n_classes:
        hint = (
            f"forma {array.shape}: son {array.shape[0]} muestra(s), pero pedimos {n} "
            f"({how}); se esperaba {expected}."
        )
    else:
        hint = f"forma {array.shape}; se esperaba {expected} (una fila por muestra, una columna por clase)."
    feedback.expect(False, "", f"«{name}»: {hint}")
    return None


@self_check("Autoevaluación — ejercicio 4: predict con 1 muestra y con 100")
def check_exercise_4(feedback: Feedback, one=None, hundred=None, n_classes: int = 10):
    """Exercise 4: ``one = model.predict(x[:1])`` and ``hundred = model.predict(x[:100])``.

    Checks the shapes ``(1, 10)`` and ``(100, 10)`` (with a hint when the batch
    axis is missing or the input was passed instead of the output) and that
    each row is a probability distribution (the softmax sums to 1).
    """
    import numpy as np

    arrays = [
        _prediction_shape(feedback, one, "una", 1, n_classes, "x_test[:1]"),
        _prediction_shape(feedback, hundred, "cien", 100, n_classes, "x_test[:100]"),
    ]
    arrays = [a for a in arrays if a is not None]
    if arrays:
        rows = np.concatenate([a.astype("float64") for a in arrays])
        is_probability = bool(
            np.all(rows >= -1e-6) and np.allclose(rows.sum(axis=1), 1.0, atol=1e-3)
        )
        feedback.expect(
            is_probability,
            "cada fila suma 1: son las probabilidades de la softmax para las 10 clases.",
            "alguna fila no suma 1: ¿es la salida de predict de un modelo con softmax al final?",
        )


def _count_controls(text: str) -> tuple[int, int]:
    return text.count("\b"), text.count("\r")


@self_check("Autoevaluación — ejercicio 5: qué imprime fit con cada verbose")
def check_exercise_5(feedback: Feedback, outputs=None, for_a_log=None):
    """Exercise 5: ``outputs`` maps 0, 1 and 2 to what ``fit(..., verbose=v)`` printed.

    verbose=0 prints nothing; verbose=1 draws a bar that redraws itself with
    ``\\b`` and ``\\r``; verbose=2 prints plain lines (``Epoch i/n`` and one
    summary line per epoch). ``for_a_log`` is the verbose the student would
    use when the output goes to a log file (expected: 2).
    """
    if not isinstance(outputs, dict) or not outputs:
        feedback.missing(
            "guardá en «salidas» lo que imprimió fit con cada verbose: {0: texto, 1: texto, 2: texto}."
        )
    else:
        for verbose in (0, 1, 2):
            text = outputs.get(verbose, outputs.get(str(verbose)))
            if text is None:
                feedback.missing(f"falta lo que imprimió fit con verbose={verbose}.")
                continue
            if not isinstance(text, str):
                feedback.expect(
                    False, "",
                    f"verbose={verbose}: se esperaba el texto que imprimió fit; recibí "
                    f"{type(text).__name__} (¿guardaste el History en lugar del texto?).",
                )
                continue
            backspaces, returns = _count_controls(text)
            if verbose == 0:
                feedback.expect(
                    text.strip() == "",
                    "verbose=0 no imprimió nada.",
                    f"verbose=0 no debería imprimir nada; tu texto tiene {len(text)} caracteres "
                    "(¿es la salida de otro verbose?).",
                )
            elif verbose == 1:
                feedback.expect(
                    backspaces + returns > 0,
                    f"verbose=1 dibujó la barra de progreso: {backspaces} retrocesos (\\b) y "
                    f"{returns} retornos de carro (\\r) para redibujarla en el mismo lugar.",
                    "verbose=1 dibuja una barra que se redibuja con \\b y \\r; tu texto no tiene "
                    "ninguno (¿es la salida de verbose=2?).",
                )
            else:
                lines = [line for line in text.splitlines() if line.strip()]
                headers = sum(line.startswith("Epoch ") for line in lines)
                summaries = sum("loss" in line for line in lines)
                feedback.expect(
                    backspaces + returns == 0 and summaries > 0,
                    f"verbose=2 imprimió {len(lines)} líneas de texto plano, sin caracteres de "
                    f"control: {summaries} de resumen (una por época)"
                    + (f" y {headers} encabezados «Epoch i/n»." if headers else "."),
                    "verbose=2 imprime texto plano, una línea de resumen con la pérdida por época; "
                    + (
                        f"tu texto tiene {backspaces} \\b y {returns} \\r (¿es la salida de verbose=1?)."
                        if backspaces + returns
                        else "tu texto no tiene ninguna línea con «loss»."
                    ),
                )
    if for_a_log is None:
        feedback.missing(
            "contestá en «para_un_log» qué verbose usarías si la salida va a un archivo (CI, nohup)."
        )
    else:
        reasons = {
            0: "con verbose=0 el log no dice nada del avance; mejor 2.",
            1: "con verbose=1 el log se llena de \\b y \\r (cada redibujo de la barra); mejor 2.",
        }
        feedback.expect(
            for_a_log == 2 and not isinstance(for_a_log, bool),
            "para un log, verbose=2: una línea legible por época.",
            reasons.get(for_a_log, f"«{for_a_log!r}» no es un verbose de fit (0, 1 o 2); para un log, 2."),
        )


# --- homework ---
