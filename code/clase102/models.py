"""Builders for the lesson's models, in both Sequential syntaxes."""

from __future__ import annotations

import keras

from clase102.validation import check_choice, check_positive_int, check_widths

N_INPUTS = 784  # 28 × 28 flattened
N_CLASSES = 10

# The homework's three architectures (hidden widths; the 10-unit head is added).
ARCHITECTURES = {
    "tiny": (64,),
    "medium": (256, 128),
    "wide": (1024,),
}
ARCHITECTURE_LABELS = {"tiny": "Tiny", "medium": "Medium", "wide": "Wide"}

SYNTAXES = ("list", "add")


def _layers(widths, n_classes, activation):
    layers = [keras.layers.Dense(w, activation=activation) for w in widths]
    layers.append(keras.layers.Dense(n_classes, activation="softmax"))
    return layers


def build_sequential(
    widths,
    *,
    n_inputs: int = N_INPUTS,
    n_classes: int = N_CLASSES,
    syntax: str = "list",
    activation: str | None = "relu",
    name: str | None = None,
) -> keras.Sequential:
    """A Sequential MLP: ``keras.Input((n_inputs,))``, one ``Dense`` per width, a softmax head.

    ``syntax="list"`` passes the layers to the constructor; ``syntax="add"``
    builds an empty model and calls ``model.add()`` once per layer. Both give
    the same architecture.
    """
    widths = check_widths(widths)
    n_inputs = check_positive_int(n_inputs, "n_inputs")
    n_classes = check_positive_int(n_classes, "n_classes")
    check_choice(syntax, SYNTAXES, "syntax")
    if syntax == "list":
        return keras.Sequential(
            [keras.Input(shape=(n_inputs,)), *_layers(widths, n_classes, activation)], name=name
        )
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(n_inputs,)))
    for layer in _layers(widths, n_classes, activation):
        model.add(layer)
    return model


def build_functional(
    widths,
    *,
    n_inputs: int = N_INPUTS,
    n_classes: int = N_CLASSES,
    activation: str | None = "relu",
    name: str | None = None,
) -> keras.Model:
    """The same MLP as ``build_sequential`` written with the Functional API."""
    widths = check_widths(widths)
    n_inputs = check_positive_int(n_inputs, "n_inputs")
    n_classes = check_positive_int(n_classes, "n_classes")
    inputs = keras.Input(shape=(n_inputs,))
    x = inputs
    for layer in _layers(widths, n_classes, activation):
        x = layer(x)
    return keras.Model(inputs, x, name=name)


def architecture_widths(name: str) -> tuple[int, ...]:
    """Hidden widths of one of the homework's architectures (``tiny``, ``medium``, ``wide``)."""
    check_choice(name, tuple(ARCHITECTURES), "arquitectura")
    return ARCHITECTURES[name]


def build_architecture(name: str, **kwargs) -> keras.Sequential:
    """Build one of the homework's architectures by name."""
    return build_sequential(architecture_widths(name), name=name, **kwargs)


def compile_classifier(model, *, optimizer="adam", learning_rate: float | None = None):
    """Compile for integer labels: sparse categorical cross-entropy and accuracy.

    Returns the same model, so calls can be chained.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    if learning_rate is not None:
        optimizer = keras.optimizers.get(
            {"class_name": optimizer, "config": {"learning_rate": float(learning_rate)}}
        )
    model.compile(
        optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    return model
