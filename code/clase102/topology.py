"""Reading a model's layer graph: who feeds whom, and whether it is a linear stack."""

from __future__ import annotations

import keras
import pandas as pd


def _history_names(obj, found: list[str]) -> list[str]:
    """Collect the layer names of every ``keras_history`` inside a serialized node."""
    if isinstance(obj, dict):
        if "keras_history" in obj.get("config", {}):
            found.append(obj["config"]["keras_history"][0])
        else:
            for value in obj.values():
                _history_names(value, found)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            _history_names(value, found)
    return found


def inbound_layers(model) -> dict[str, list[str]]:
    """For each layer of ``model``, the names of the layers whose outputs it receives.

    A Sequential model is a chain by construction (each layer receives the
    previous one; the first receives the input). For a Functional model the
    connections are read from ``model.get_config()``.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    if isinstance(model, keras.Sequential):
        names = [layer.name for layer in model.layers]
        return {name: ([names[i - 1]] if i else ["input"]) for i, name in enumerate(names)}
    config = model.get_config()
    if "layers" not in config or not all("inbound_nodes" in c for c in config["layers"]):
        raise ValueError(
            "No puedo leer las conexiones de este modelo: solo sé hacerlo para modelos "
            "Sequential y Functional (los subclaseados no guardan su grafo)."
        )
    return {c["name"]: _history_names(c["inbound_nodes"], []) for c in config["layers"]}


def connection_table(model) -> pd.DataFrame:
    """``inbound_layers`` as a table: layer, type, and the layers that feed it."""
    inbound = inbound_layers(model)
    types = {layer.name: type(layer).__name__ for layer in model.layers}
    return pd.DataFrame(
        {
            "Capa": list(inbound),
            "Tipo": [types.get(name, "InputLayer") for name in inbound],
            "Recibe de": [", ".join(src) if src else "—" for src in inbound.values()],
        }
    )


def is_linear_stack(model) -> bool:
    """True when every layer receives exactly one layer's output and feeds at most one layer.

    That is exactly what ``keras.Sequential`` can express; a skip connection
    (a layer that receives two others, or one that feeds two) is not.
    """
    inbound = inbound_layers(model)
    consumers: dict[str, int] = {}
    for sources in inbound.values():
        for src in sources:
            consumers[src] = consumers.get(src, 0) + 1
    return all(len(s) <= 1 for s in inbound.values()) and all(n <= 1 for n in consumers.values())


def layer_signature(model) -> list[tuple[str, tuple, int]]:
    """``(type, output shape, parameters)`` of each layer, leaving out ``InputLayer``.

    Two models with equal signatures have the same architecture whatever API
    built them: a Functional model lists its ``InputLayer`` in ``model.layers``
    and a Sequential one does not, which is why it is left out.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    if not model.built:
        raise ValueError("El modelo todavía no está construido: definí la entrada con keras.Input(...).")
    return [
        (type(layer).__name__, tuple(layer.output.shape), int(layer.count_params()))
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    ]
