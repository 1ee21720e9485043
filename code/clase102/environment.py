"""What machine is this: versions, backend, CPU and load (timings come with the machine they ran on)."""

from __future__ import annotations

import os
import platform

import pandas as pd

from clase102.formatting import fmt_dec
from clase102.validation import check_path

CPUINFO = "/proc/cpuinfo"


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
    labels = {"python": "Python", "keras": "Keras", "tensorflow": "TensorFlow", "numpy": "NumPy",
              "backend": "Backend de Keras", "cpus": "Núcleos de CPU", "processor": "Arquitectura",
              "gpus": "GPU visibles"}
    info = machine_info()  # a label per key: a new key without one fails here, never shows unlabelled
    return pd.DataFrame({"Componente": [labels[k] for k in info], "Valor": [str(v) for v in info.values()]})


def cpu_info(path=CPUINFO) -> dict:
    """CPU model name, clock (MHz), logical cores, physical cores and the cores this process may use.

    ``physical`` counts the distinct (``physical id``, ``core id``) pairs Linux reports: a
    virtual machine's two vCPUs may be the two hyperthreads of one core. Where ``path``
    cannot be read (another OS), ``model`` falls back to ``platform.processor()`` (or
    ``"desconocido"``), ``mhz`` to ``None`` and ``physical`` to the logical count.
    """
    check_path(path)
    model, mhz, cores, current = None, None, set(), {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name" and model is None:
                    model = value
                elif key == "cpu MHz" and mhz is None:
                    mhz = float(value)
                elif key in ("physical id", "core id"):
                    current[key] = value
                    if len(current) == 2:
                        cores.add((current.pop("physical id"), current.pop("core id")))
    except (OSError, ValueError):
        pass
    logical = os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else logical
    return {
        "model": model or platform.processor() or "desconocido",
        "cores": logical,
        "physical": len(cores) or logical,
        "usable": usable,
        "mhz": mhz,
    }


def _cpu_line(path=CPUINFO) -> str:
    info = cpu_info(path)
    return f"{info['model']}, {info['cores']} núcleos"


def machine_description(path=CPUINFO) -> str:
    """One Spanish line for a timing: CPU model, cores, GPUs and versions."""
    info = machine_info()
    gpus = "sin GPU" if info["gpus"] == 0 else f"{info['gpus']} GPU"
    return f"{_cpu_line(path)}, {gpus}; TensorFlow {info['tensorflow']}, Keras {info['keras']}"


def machine_note(path=CPUINFO) -> str:
    """The machine behind the timings, in Spanish: CPU model, cores and load average now."""
    try:
        load = " / ".join(fmt_dec(v, 2) for v in os.getloadavg())
    except OSError:
        load = "no disponible"
    return f"{_cpu_line(path)}, carga media {load} (1 / 5 / 15 min)"
