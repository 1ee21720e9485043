"""Autoevaluaciones de los ejercicios y del homework.

Each ``check_*`` function looks at what the student built, prints Spanish
feedback (what is right, what is missing, the expected value where that
teaches) and returns ``True`` when everything is right. It never raises: a
wrong or missing answer (``None``, a stub) is reported as «todavía no», so a
notebook's "Run All" goes on.
"""

from __future__ import annotations

import numbers
import sys

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

    def fail(self, wrong: str) -> bool:
        """Add ``wrong`` and fail."""
        return self.expect(False, "", wrong)

    def missing(self, what: str) -> bool:
        """A required answer is absent: fail with «todavía no»."""
        return self.fail(f"todavía no: {what}")

    def report(self) -> bool:
        """Print the title, the lines and the verdict in one write: a kernel that flushes its
        output on a timer then sends it as one output, never split in two."""
        if self.passed:
            verdict = "Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto."
        else:
            failed = sum(line.startswith(f"  {NOT_YET}") for line in self.lines)
            verdict = f"Resultado: todavía no ({failed} punto(s) por resolver)."
        sys.stdout.write("\n".join([self.title, *self.lines, verdict]) + "\n")
        return self.passed


def run_check(title: str, body, *args, **kwargs) -> bool:
    """Run ``body(feedback, *args, **kwargs)``, print its report and return whether it passed.

    Never raises: an answer that makes the check itself fail is one more «todavía no».
    """
    feedback = Feedback(title)
    try:
        body(feedback, *args, **kwargs)
    except Exception as error:  # a check never stops the notebook
        feedback.missing(f"no pude revisar tu respuesta ({type(error).__name__}: {error}).")
    return feedback.report()


# --- ejercicios 1 y 2 (construir) ---


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _show_number(value) -> str:
    """A student's number in Spanish format when it is an integer, else as typed."""
    from clase102.formatting import fmt_int

    if _is_number(value) and float(value) == int(value):
        return fmt_int(int(value))
    return repr(value)


def _built_model(feedback: Feedback, model, name: str, hint: str) -> bool:
    """Report whether ``model`` is a built Keras model (``hint``: how to build it)."""
    import keras

    if model is None:
        return feedback.missing(f"falta {name} ({hint}).")
    if not isinstance(model, keras.Model):
        return feedback.fail(f"{name} no es un modelo de Keras (es un {type(model).__name__}).")
    return feedback.expect(
        model.built,
        f"{name} es un modelo de Keras construido.",
        f"{name} todavía no está construido: empezá con keras.Input(shape=(784,)) "
        "para que Keras sepa la forma de la entrada.",
    )


def _layer_rows(model) -> list[tuple[str, tuple, int]]:
    """(type, output shape, parameters) of each layer, as ``summary()`` shows them."""
    return [
        (type(layer).__name__, tuple(layer.output.shape), int(layer.count_params()))
        for layer in model.layers
    ]


def _first_difference(rows_a, rows_b, column: int):
    """1-based index and both values of the first layer where ``column`` differs, or None."""
    for i, (a, b) in enumerate(zip(rows_a, rows_b), start=1):
        if a[column] != b[column]:
            return i, a[column], b[column]
    return None


def check_exercise_1(model_a, model_b) -> bool:
    """``model_a`` (``Sequential([...])``) and ``model_b`` (``.add()``) are the same architecture.

    Compares, layer by layer, what ``summary()`` shows except the names: type,
    output shape and parameters.
    """
    return run_check("Autoevaluación del ejercicio 1: dos sintaxis, el mismo modelo", _exercise_1, model_a, model_b)


def _exercise_1(feedback: Feedback, model_a, model_b) -> None:
    from clase102.formatting import fmt_int

    ok_a = _built_model(feedback, model_a, "modelo_a", "construilo con keras.Sequential([...])")
    ok_b = _built_model(
        feedback, model_b, "modelo_b", "construilo con keras.Sequential() y .add(...)"
    )
    if not (ok_a and ok_b):
        return
    if not feedback.expect(
        model_a is not model_b,
        "Son dos modelos distintos.",
        "modelo_a y modelo_b son el mismo objeto: construí modelo_b aparte, con .add().",
    ):
        return
    rows_a, rows_b = _layer_rows(model_a), _layer_rows(model_b)
    if not feedback.expect(
        rows_a and rows_b, "Los dos tienen capas.", "Uno de los modelos no tiene ninguna capa."
    ):
        return
    feedback.expect(
        len(rows_a) == len(rows_b),
        f"Los dos tienen {len(rows_a)} capas.",
        f"modelo_a tiene {len(rows_a)} capas y modelo_b tiene {len(rows_b)}.",
    )
    aspects = [  # what, with its adjectives in the right gender
        (0, "Mismos tipos de capa", "Distintos tipos de capa", lambda v: v),
        (1, "Mismas formas de salida", "Distintas formas de salida", str),
        (2, "Mismos parámetros por capa", "Distintos parámetros por capa", fmt_int),
    ]
    for column, same, different, show in aspects:
        diff = _first_difference(rows_a, rows_b, column)
        if diff is None:
            values = ", ".join(show(row[column]) for row in rows_a[: len(rows_b)])
            feedback.expect(True, f"{same}: {values}.", "")
        else:
            i, a, b = diff
            feedback.fail(f"{different} en la capa {i}: {show(a)} en modelo_a, {show(b)} en modelo_b.")
    feedback.expect(
        model_a.count_params() == model_b.count_params(),
        f"Mismo total: {fmt_int(model_a.count_params())} parámetros.",
        f"Totales distintos: {fmt_int(model_a.count_params())} en modelo_a, "
        f"{fmt_int(model_b.count_params())} en modelo_b.",
    )


# The model of exercise 2: Sequential([Dense(128, input_shape=(784,)), Dense(64), Dense(10)]).
EXERCISE_2_SIZES = (784, 128, 64, 10)


def check_exercise_2(per_layer, total, model=None) -> bool:
    """The hand count of exercise 2: one count per ``Dense`` layer, the total, and Keras' own count.

    ``per_layer`` lists the student's count for each layer, ``total`` their sum
    and ``model`` the exercise's model (compared with ``count_params()``).
    Each count is checked against ``n_in * n_out + n_out``; a count without the
    bias gets a hint.
    """
    return run_check("Autoevaluación del ejercicio 2: conteo de parámetros a mano", _exercise_2, per_layer, total, model=model)


def _exercise_2(feedback: Feedback, per_layer, total, model=None) -> None:
    import keras

    from clase102.formatting import fmt_int

    sizes = EXERCISE_2_SIZES
    pairs = list(zip(sizes[:-1], sizes[1:]))
    expected = [n_in * n_out + n_out for n_in, n_out in pairs]

    if per_layer is not None and not isinstance(per_layer, (str, bytes)):
        try:
            per_layer = list(per_layer)
        except TypeError:
            pass
    if per_layer is None:
        feedback.missing(f"completá cuentas_a_mano: una cuenta por capa densa ({len(pairs)} números).")
    elif not isinstance(per_layer, list):
        feedback.fail(f"cuentas_a_mano debe ser una lista con una cuenta por capa, no {per_layer!r}.")
    elif len(per_layer) != len(pairs):
        feedback.fail(
            f"cuentas_a_mano tiene {len(per_layer)} números, pero el modelo tiene "
            f"{len(pairs)} capas densas: va una cuenta por capa."
        )
    else:
        for i, ((n_in, n_out), got, want) in enumerate(zip(pairs, per_layer, expected), start=1):
            layer = f"Capa {i}, Dense({n_out}) (recibe {n_in} valores)"
            if got is None:
                feedback.missing(f"falta la cuenta de la capa {i}, Dense({n_out}).")
            elif not _is_number(got):
                feedback.fail(f"{layer}: {got!r} no es un número.")
            elif got == want:
                feedback.expect(True, f"{layer}: {fmt_int(want)} parámetros.", "")
            else:
                hint = ""
                if got == n_in * n_out:
                    hint = " Te faltó el sesgo: un parámetro más por neurona (+ n_salida)."
                feedback.fail(
                    f"{layer}: pusiste {_show_number(got)} y no es correcto. La cuenta es "
                    f"n_entrada · n_salida + n_salida = {n_in} · {n_out} + {n_out}.{hint}"
                )

    if total is None:
        feedback.missing("falta total_a_mano, la suma de las cuentas de todas las capas.")
    elif not _is_number(total):
        feedback.fail(f"total_a_mano = {total!r} no es un número.")
    elif total == sum(expected):
        feedback.expect(True, f"Total: {fmt_int(total)} parámetros.", "")
    else:
        counts = per_layer if isinstance(per_layer, list) else []
        if counts and all(_is_number(c) for c in counts) and total != sum(counts):
            why = f"no es la suma de tus cuentas por capa ({_show_number(sum(counts))})"
        else:
            why = "no es el total del modelo: revisá las cuentas por capa y sumalas"
        feedback.fail(f"total_a_mano = {_show_number(total)} {why}.")

    if not _built_model(
        feedback, model, "modelo_ej2", "construí el modelo del enunciado para comparar con Keras"
    ):
        return
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    model_sizes = (int(dense[0].kernel.shape[0]), *(int(d.units) for d in dense)) if dense else ()
    arrow = " → ".join(str(s) for s in sizes)
    if not feedback.expect(
        model_sizes == sizes,
        f"modelo_ej2 es el del enunciado: {arrow}.",
        "modelo_ej2 no es el del enunciado: sus capas densas van "
        f"{' → '.join(str(s) for s in model_sizes) or '(ninguna)'} y el enunciado pide {arrow}.",
    ):
        return
    keras_total = int(model.count_params())
    if _is_number(total):
        feedback.expect(
            keras_total == total,
            f"Keras coincide: model.count_params() da {fmt_int(keras_total)}, igual que tu total.",
            f"model.count_params() da {fmt_int(keras_total)} y tu total es {_show_number(total)}.",
        )


# --- ejercicios 3 y 4 (entrenar) ---


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
    feedback.fail(f"«{name}»: {hint}")
    return None


def check_exercise_3(one=None, hundred=None, n_classes: int = 10) -> bool:
    """Exercise 3: ``one = model.predict(x[:1])`` and ``hundred = model.predict(x[:100])``.

    Checks the shapes ``(1, 10)`` and ``(100, 10)`` (with a hint when the batch
    axis is missing or the input was passed instead of the output) and that
    each row is a probability distribution (the softmax sums to 1).
    """
    return run_check("Autoevaluación del ejercicio 3: predict con 1 muestra y con 100", _exercise_3, one=one, hundred=hundred, n_classes=n_classes)


def _exercise_3(feedback: Feedback, one=None, hundred=None, n_classes: int = 10) -> None:
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
            f"cada fila suma 1: son las probabilidades de la softmax para las {n_classes} clases.",
            "alguna fila no suma 1: ¿es la salida de predict de un modelo con softmax al final?",
        )


def check_exercise_4(outputs=None, for_a_log=None) -> bool:
    """Exercise 4: ``outputs`` maps 0, 1 and 2 to what ``fit(..., verbose=v)`` printed.

    verbose=0 prints nothing; verbose=1 draws a bar that redraws itself with
    ``\\b`` and ``\\r``; verbose=2 prints plain lines (``Epoch i/n`` and one
    summary line per epoch). ``for_a_log`` is the verbose the student would
    use when the output goes to a log file (expected: 2).
    """
    return run_check("Autoevaluación del ejercicio 4: qué imprime fit con cada verbose", _exercise_4, outputs=outputs, for_a_log=for_a_log)


def _exercise_4(feedback: Feedback, outputs=None, for_a_log=None) -> None:
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
                feedback.fail(
                    f"verbose={verbose}: se esperaba el texto que imprimió fit; recibí "
                    f"{type(text).__name__} (¿guardaste el History en lugar del texto?)."
                )
                continue
            backspaces, returns = text.count("\b"), text.count("\r")
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
                    f"verbose=1 dibujó la barra de progreso: {backspaces} retrocesos y {returns} "
                    "retornos de carro para redibujarla en el mismo lugar.",
                    "verbose=1 dibuja una barra que se redibuja con retrocesos y retornos de "
                    "carro; tu texto no tiene ninguno (¿es la salida de verbose=2?).",
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
                        f"tu texto tiene {backspaces} retrocesos y {returns} retornos de carro "
                        "(¿es la salida de verbose=1?)."
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
            1: "con verbose=1 el log se llena de retrocesos y retornos de carro (cada redibujo "
            "de la barra); mejor 2.",
        }
        feedback.expect(
            for_a_log == 2 and not isinstance(for_a_log, bool),
            "para un log, verbose=2: una línea legible por época.",
            reasons.get(for_a_log, f"«{for_a_log!r}» no es un verbose de fit (0, 1 o 2); para un log, 2."),
        )


# --- ejercicio 5 (guardar) ---

KERAS_ARCHIVE_MEMBERS = ("config.json", "metadata.json", "model.weights.h5")


def _keras_file(feedback: Feedback, path) -> bool:
    """Report whether ``path`` is a ``.keras`` file: it exists and is a ZIP with Keras' three members."""
    import zipfile
    from pathlib import Path

    if path is None:
        return feedback.missing('guardá la ruta del archivo en «ruta_ej5» (por ejemplo "m.keras").')
    if not isinstance(path, (str, Path)):
        return feedback.fail(f"«ruta_ej5» debe ser una ruta (texto o Path); es un {type(path).__name__}.")
    path = Path(path)
    if not feedback.expect(
        path.suffix == ".keras",
        f"la ruta termina en .keras ({path.name}).",
        f"la ruta {path.name!r} no termina en .keras: usá model.save(\"m.keras\").",
    ):
        return False
    if not feedback.expect(
        path.is_file(),
        "el archivo existe.",
        f"no existe el archivo {path}: ¿llamaste a model.save(ruta_ej5)?",
    ):
        return False
    if not zipfile.is_zipfile(path):
        return feedback.fail(f"{path.name} no es un ZIP, así que no es un .keras válido.")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    missing = [m for m in KERAS_ARCHIVE_MEMBERS if m not in names]
    return feedback.expect(
        not missing,
        "es un ZIP con config.json, metadata.json y model.weights.h5: un .keras válido.",
        f"el ZIP no tiene {', '.join(missing)}: no lo escribió model.save.",
    )


def check_exercise_5(path=None, model=None, reloaded=None, x=None) -> bool:
    """Exercise 5: ``model.save(path)``, ``reloaded = keras.models.load_model(path)``.

    Checks that ``path`` is a valid ``.keras`` file, that ``model`` and
    ``reloaded`` are two different Keras models, and that ``reloaded.predict(x)``
    is identical (``np.array_equal``) to ``model.predict(x)``; also that the
    file holds ``model`` (loading it again predicts the same).
    """
    return run_check("Autoevaluación del ejercicio 5: guardar y recargar", _exercise_5, path=path, model=model, reloaded=reloaded, x=x)


def _exercise_5(feedback: Feedback, path=None, model=None, reloaded=None, x=None) -> None:
    import keras
    import numpy as np

    from clase102.formatting import fmt_int

    file_ok = _keras_file(feedback, path)
    models_ok = True
    for value, name, hint in (
        (model, "modelo_ej5", "el modelo que entrenaste"),
        (reloaded, "recargado_ej5", "lo que devuelve keras.models.load_model(ruta_ej5)"),
    ):
        if value is None:
            models_ok = feedback.missing(f"falta «{name}» ({hint}).") and models_ok
        elif not isinstance(value, keras.Model):
            models_ok = feedback.fail(f"«{name}» no es un modelo de Keras (es un {type(value).__name__}).") and models_ok
    if not models_ok:
        return
    if not feedback.expect(
        reloaded is not model,
        "«recargado_ej5» es otro objeto, el que devolvió load_model.",
        "«recargado_ej5» es el mismo objeto que «modelo_ej5»: así las predicciones coinciden "
        "siempre. Recargalo con keras.models.load_model(ruta_ej5).",
    ):
        return
    if x is None:
        feedback.missing("pasá los datos con los que comparar las predicciones (por ejemplo x_test).")
        return
    before = np.asarray(model.predict(x, verbose=0))
    after = np.asarray(reloaded.predict(x, verbose=0))
    if before.shape != after.shape:
        feedback.fail(f"las predicciones tienen formas distintas: {before.shape} y {after.shape}.")
        return
    same = np.array_equal(before, after)
    diff = float(np.max(np.abs(before.astype("float64") - after.astype("float64")))) if before.size else 0.0
    feedback.expect(
        same,
        f"las {fmt_int(int(before.size))} probabilidades son idénticas (np.array_equal), bit a bit.",
        f"las predicciones no son idénticas (mayor diferencia: {diff:.3g}): ¿recargaste el "
        "archivo que guardaste de ESTE modelo, después de entrenarlo?",
    )
    if file_ok:
        from_file = np.asarray(keras.models.load_model(path).predict(x, verbose=0))
        feedback.expect(
            from_file.shape == before.shape and np.array_equal(from_file, before),
            "el archivo guarda este modelo: cargado de nuevo, predice lo mismo.",
            "el archivo no guarda este modelo: sus predicciones son otras. "
            "Guardalo con modelo_ej5.save(ruta_ej5) después de entrenar.",
        )


# --- homework ---

# Parameters of the homework's architectures, counted by hand (n_in · n_out + n_out per Dense):
HOMEWORK_PARAMS = {
    "tiny": 50_890,  # 784·64 + 64 = 50.240;  64·10 + 10 = 650
    "medium": 235_146,  # 784·256 + 256 = 200.960;  256·128 + 128 = 32.896;  128·10 + 10 = 1.290
    "wide": 814_090,  # 784·1024 + 1024 = 803.840;  1024·10 + 10 = 10.250
}
# Plausible test accuracy: far above chance (10 %), below what an MLP reaches on Fashion-MNIST.
HOMEWORK_ACCURACY = (0.70, 0.95)
HOMEWORK_KEYS = ("arquitectura", "semilla", "parametros", "exactitud", "segundos", "historia")


def check_homework(results, n_seeds=5) -> bool:
    """The runs list: the three architectures with their exact parameters, plausible
    accuracies, times > 0 and at least ``n_seeds`` seeds each."""
    return run_check("Autoevaluación del homework", _homework, results, n_seeds=n_seeds)


def _homework(feedback: Feedback, results, n_seeds=5) -> None:
    import math

    from clase102.formatting import fmt_int, fmt_pct

    if not isinstance(results, list) or not results:
        feedback.missing("«resultados» está vacío: agregá un diccionario por corrida "
                         f"(claves {', '.join(HOMEWORK_KEYS)}).")
        return
    bad = [i for i, r in enumerate(results) if not isinstance(r, dict) or any(k not in r for k in HOMEWORK_KEYS)]
    if not feedback.expect(
        not bad,
        f"Las {fmt_int(len(results))} corridas tienen las claves pedidas.",
        f"La corrida {bad[0] if bad else 0} no es un diccionario con las claves "
        f"{', '.join(HOMEWORK_KEYS)}.",
    ):
        return
    names = {r["arquitectura"] for r in results}
    missing = [a for a in HOMEWORK_PARAMS if a not in names]
    hint = " (con esos nombres, en minúsculas)" if {str(n).lower() for n in names} >= set(HOMEWORK_PARAMS) else ""
    if not feedback.expect(
        not missing,
        "Están las tres arquitecturas: tiny, medium y wide.",
        f"Faltan corridas de {', '.join(missing)}{hint}.",
    ):
        return
    for name, expected in HOMEWORK_PARAMS.items():
        got = sorted({r["parametros"] for r in results if r["arquitectura"] == name}, key=str)
        feedback.expect(
            got == [expected],
            f"{name}: {fmt_int(expected)} parámetros, como da la cuenta a mano.",
            f"{name}: esperaba {fmt_int(expected)} parámetros y tus corridas dicen "
            f"{', '.join(str(g) for g in got)}; revisá sus capas (Input de 784, ReLU, salida de 10).",
        )
    low, high = HOMEWORK_ACCURACY
    odd = [r for r in results if not (_is_number(r["exactitud"]) and low <= r["exactitud"] <= high)]
    advice = ""
    if odd and _is_number(odd[0]["exactitud"]) and odd[0]["exactitud"] > 1:
        advice = " Guardá la fracción (0,87), no el porcentaje."
    elif odd:
        advice = " evaluate devuelve [pérdida, exactitud]: ¿guardaste la pérdida?"
    feedback.expect(
        not odd,
        f"Las exactitudes en prueba son plausibles (entre {fmt_pct(low, 0)} y {fmt_pct(high, 0)}).",
        f"{fmt_int(len(odd))} exactitud(es) fuera de lo plausible ({fmt_pct(low, 0)} a "
        f"{fmt_pct(high, 0)}), por ejemplo {odd[0]['exactitud']!r}.{advice}" if odd else "",
    )
    slow = [r for r in results if not (_is_number(r["segundos"]) and math.isfinite(r["segundos"])
                                       and r["segundos"] > 0)]
    feedback.expect(
        not slow,
        "Todos los tiempos de fit son positivos.",
        f"Hay {fmt_int(len(slow))} tiempo(s) que no son un número positivo: medí fit con "
        "time.perf_counter() antes y después.",
    )
    for name in HOMEWORK_PARAMS:
        seeds = {r["semilla"] for r in results if r["arquitectura"] == name}
        feedback.expect(
            len(seeds) >= n_seeds,
            f"{name}: {fmt_int(len(seeds))} semillas distintas (se piden al menos {fmt_int(n_seeds)}).",
            f"{name}: {fmt_int(len(seeds))} semilla(s) distinta(s); se piden al menos {fmt_int(n_seeds)}.",
        )
    per_architecture = [{r["semilla"] for r in results if r["arquitectura"] == a} for a in HOMEWORK_PARAMS]
    feedback.expect(
        all(seeds == per_architecture[0] for seeds in per_architecture),
        "Cada semilla entrenó las tres arquitecturas: las corridas quedan apareadas.",
        "Hay semillas que no entrenaron las tres arquitecturas: la comparación apareada necesita "
        "las tres con cada semilla.",
    )
    curves = [r for r in results if "loss" not in (getattr(r["historia"], "history", r["historia"]) or {})]
    feedback.expect(
        not curves,
        "Cada corrida guardó su historia, con la pérdida por época.",
        f"{fmt_int(len(curves))} corrida(s) sin «loss» en «historia»: guardá historia.history, "
        "lo que devuelve fit.",
    )
