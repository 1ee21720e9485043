"""Paquete de apoyo de la Clase 102 — Keras Sequential API.

Importing the package only quiets TensorFlow's logging (it must happen before TensorFlow is
imported); the modules that need Keras import it on their own, on demand.
"""

import logging
import os
import warnings

__version__ = "0.1.0"
# TF 2.21 needs both: the first hides the C++ logs, the second the
# "oneDNN custom operations are on..." notice.
TF_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def _errors_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR


def quiet_tensorflow() -> None:
    """Set the environment variables that silence TensorFlow's start-up logs (values already set
    are kept; they only take effect before TensorFlow is imported, hence at package import)."""
    for key, value in TF_QUIET_ENV.items():
        os.environ.setdefault(key, value)
    logging.getLogger("absl").setLevel(logging.ERROR)
    tf_logger = logging.getLogger("tensorflow")
    tf_logger.setLevel(logging.ERROR)
    # `import keras` sets this logger back to INFO in a kernel (then "retracing" warnings
    # show); a filter survives that. absl is left unfiltered: a page captures its notices.
    if _errors_only not in tf_logger.filters:
        tf_logger.addFilter(_errors_only)
    # protobuf/absl deprecation chatter that no reader came to see
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="tensorflow")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="keras")


quiet_tensorflow()
