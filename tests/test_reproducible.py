"""Two clean builds give the same numbers: a seeded training repeats exactly
in a *new process*, as each page's kernel is. Measured on this machine (TF 2.21, CPU):
losses equal to the last digit without ``enable_op_determinism``, also with two
processes running at once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from clase102 import TF_QUIET_ENV

SCRIPT = """
import sys

import clase102
import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((2000, 784), dtype=np.float32)
y = (x[:, :10].argmax(axis=1)).astype("int64")
keras.utils.set_random_seed(int(sys.argv[1]))  # as the homework does before each model
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
              steps_per_execution=50)
history = model.fit(x, y, epochs=2, batch_size=32, validation_split=0.2, verbose=0)
print(repr(history.history["loss"][-1]), repr(history.history["val_accuracy"][-1]))
"""


@pytest.mark.slow
def test_seeded_training_repeats_exactly_in_separate_processes():
    env = dict(os.environ, **TF_QUIET_ENV)
    procs = [
        subprocess.Popen([sys.executable, "-c", SCRIPT, seed], env=env, stdout=subprocess.PIPE, text=True)
        for seed in ("42", "42", "7")
    ]  # at the same time: contention must not change the result either
    outs = [p.communicate(timeout=300)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0] and outs[0] == outs[1], outs
    assert outs[2] != outs[0], "otra semilla debería dar otro resultado"
