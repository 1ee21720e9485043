"""Paquete de apoyo de la Clase 102 — Keras Sequential API.

Importing the package only quiets TensorFlow's logging (it must happen
before TensorFlow is imported); the modules that need Keras import it on
their own, on demand.
"""

from clase102._env import quiet_tensorflow

quiet_tensorflow()

__version__ = "0.1.0"
__all__ = ["quiet_tensorflow", "__version__"]
