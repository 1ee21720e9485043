"""What the book ran on: versions, backend and machine (for honest numbers)."""

from __future__ import annotations

import os
import platform

import pandas as pd


def machine_info() -> dict:
    """Versions of Python, Keras, TensorFlow and NumPy, the backend and the CPU count."""
    import keras
    import numpy as np
    import tensorflow as tf

    return {
        "python": platform.python_version(),
        "keras": keras.__version__,
        "tensorflow": tf.__version__,
        "numpy": np.__version__,
        "backend": keras.backend.backend(),
        "cpus": os.cpu_count(),
        "processor": platform.machine(),
        "gpus": len(tf.config.list_physical_devices("GPU")),
    }


def describe() -> pd.DataFrame:
    """``machine_info()`` as a two-column table with Spanish labels."""
    info = machine_info()
    labels = {
        "python": "Python",
        "keras": "Keras",
        "tensorflow": "TensorFlow",
        "numpy": "NumPy",
        "backend": "Backend de Keras",
        "cpus": "Núcleos de CPU",
        "processor": "Arquitectura",
        "gpus": "GPU visibles",
    }
    return pd.DataFrame(
        {"Componente": [labels[k] for k in info], "Valor": [str(v) for v in info.values()]}
    )
