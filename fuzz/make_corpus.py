#!/usr/bin/env python3
"""Writes the seed corpora of the fuzzers: small valid inputs (and a few near misses) under
fuzz/corpus/<Fuzzer>/. Standard library only. Run from anywhere; the files are committed, so
this only needs running again when a format changes.
"""
import io
import json
import re
import os
import shutil
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")


def put(fuzzer, name, data):
    folder = os.path.join(CORPUS, fuzzer)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# ---- .npy -------------------------------------------------------------------------------------

def npy(descr, shape, payload, version=1, fortran=False):
    shape_text = f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
    header = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape_text}, }}"
    prefix = 10 if version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    h = header.encode("latin1")
    out = b"\x93NUMPY" + bytes([version, 0])
    out += struct.pack("<H", len(h)) if version == 1 else struct.pack("<I", len(h))
    return out + h + payload


def f32(values):
    return struct.pack(f"<{len(values)}f", *values)


def i64(values):
    return struct.pack(f"<{len(values)}q", *values)


NPYS = {
    "f4_2x3.npy": npy("<f4", [2, 3], f32([0, 1.5, -2, 3.25, 0, 1e-3])),
    "f8_3.npy": npy("<f8", [3], struct.pack("<3d", 1, -2.5, 1e300)),
    "i8_4.npy": npy("<i8", [4], i64([0, 1, 2, -1])),
    "i4_2x2.npy": npy("<i4", [2, 2], struct.pack("<4i", 7, -7, 0, 1)),
    "i2_2.npy": npy("<i2", [2], struct.pack("<2h", -300, 300)),
    "u1_1x2x2.npy": npy("|u1", [1, 2, 2], bytes([0, 1, 128, 255])),
    "scalar.npy": npy("<f4", [], f32([42])),
    "empty_0x5.npy": npy("<f4", [0, 5], b""),
    "v2_f4.npy": npy("<f4", [2], f32([1, 2]), version=2),
    "v3_i8.npy": npy("<i8", [1], i64([3]), version=3),
    "fortran.npy": npy("<f4", [2, 2], f32([1, 2, 3, 4]), fortran=True),
    "bigendian.npy": npy(">f4", [1], struct.pack(">f", 1)),
}
for name, data in NPYS.items():
    put("FuzzNPY", name, data)


# ---- .npz -------------------------------------------------------------------------------------

def npz(arrays, compressed=False):
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


x = npy("<f4", [3, 2], f32([0, 1, 2, 3, 4, 5]))
y = npy("<i8", [3], i64([0, 1, 2]))
put("FuzzNPZ", "splits.npz", npz({"x_train": x, "y_train": y, "x_test": x, "y_test": y}))
put("FuzzNPZ", "splits_deflated.npz", npz({"x_train": x, "y_train": y, "x_test": x, "y_test": y}, True))
put("FuzzNPZ", "with_val.npz", npz({"x_train": x, "y_train": y, "x_val": x, "y_val": y, "x_test": x, "y_test": y}))
put("FuzzNPZ", "u1_images.npz", npz({
    "x_train": npy("|u1", [2, 2, 2], bytes(range(8))), "y_train": npy("|u1", [2], bytes([0, 1])),
    "x_test": npy("|u1", [1, 2, 2], bytes(4)), "y_test": npy("|u1", [1], bytes([1]))}))
put("FuzzNPZ", "float_labels.npz", npz({
    "x_train": x, "y_train": npy("<f4", [3], f32([0, 1, 1])), "x_test": x, "y_test": y}))
put("FuzzNPZ", "missing_key.npz", npz({"x_train": x, "y_train": y}))


# ---- IDX --------------------------------------------------------------------------------------

def idx(type_byte, shape, payload):
    return bytes([0, 0, type_byte, len(shape)]) + b"".join(struct.pack(">I", d) for d in shape) + payload


put("FuzzIDX", "images-idx3-ubyte", idx(0x08, [3, 2, 2], bytes([0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0])))
put("FuzzIDX", "labels-idx1-ubyte", idx(0x08, [3], bytes([7, 0, 9])))
put("FuzzIDX", "byte-idx1", idx(0x09, [2], bytes([0xFF, 1])))
put("FuzzIDX", "short-idx1", idx(0x0B, [2], struct.pack(">2h", -2, 300)))
put("FuzzIDX", "int-idx1", idx(0x0C, [2], struct.pack(">2i", 256, -2)))
put("FuzzIDX", "float-idx2", idx(0x0D, [1, 2], struct.pack(">2f", 1.5, -2.5)))
put("FuzzIDX", "double-idx1", idx(0x0E, [1], struct.pack(">d", 0.25)))


# ---- CSV (first byte: options, see FuzzCSV.swift) ---------------------------------------------

put("FuzzCSV", "header_name", bytes([4]) + b"a,b,label\n0.5,1,2\n-1,2e1,0\r\n\n3,4,1\n")
put("FuzzCSV", "plain_first", bytes([0]) + b"1,0.25,0.5\n0,1,2\n")
put("FuzzCSV", "semicolon_last", bytes([0x21]) + b"0.25;0.5;1\n1;2;0\n")
put("FuzzCSV", "tab_quoted", bytes([0x48]) + b"\"x\"\t\"y\"\t\"label\"\n1\t2\t0\n")
put("FuzzCSV", "index_from_end", bytes([3]) + b"1,2,3,4\n5,6,7,8\n")


# ---- safetensors ------------------------------------------------------------------------------

def safetensors(tensors, metadata=None):
    header = {}
    blob = b""
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    if metadata is not None:
        header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + blob


put("FuzzSafeTensors", "mlp.safetensors", safetensors({
    "0.weight": ("F32", [3, 4], f32([0.1 * i for i in range(12)])),
    "0.bias": ("F32", [3], f32([0, 1, 2])),
    "2.weight": ("F32", [2, 3], f32([1, 2, 3, 4, 5, 6])),
    "2.bias": ("F32", [2], f32([0, 0])),
}, {"format": "pt"}))
put("FuzzSafeTensors", "dtypes.safetensors", safetensors({
    "a": ("F16", [2], struct.pack("<2e", 1.5, -2)),
    "b": ("BF16", [1], b"\x80\x3f"),
    "c": ("F64", [1], struct.pack("<d", 3)),
    "d": ("I64", [], i64([5])),
    "e": ("I32", [2], struct.pack("<2i", 1, -1)),
}))
put("FuzzSafeTensors", "empty.safetensors", safetensors({}))
for fixture in ["tiny_mlp.safetensors", "tiny_mlp_dtypes.safetensors"]:
    shutil.copy(os.path.join(ROOT, "Tests/DLCoreTests/Fixtures", fixture), os.path.join(CORPUS, "FuzzSafeTensors", fixture))


# ---- run specs --------------------------------------------------------------------------------

os.makedirs(os.path.join(CORPUS, "FuzzRunSpec"), exist_ok=True)
for name in sorted(os.listdir(os.path.join(ROOT, "examples"))):
    if name.endswith(".json"):
        shutil.copy(os.path.join(ROOT, "examples", name), os.path.join(CORPUS, "FuzzRunSpec", name))
SPECS = {
    "toy.json": {
        "data": {"builtin": {"moons": {"trainCount": 200, "testCount": 100, "seed": 1}}, "validationSamples": 40},
        "model": {"layers": [{"type": "linear", "out": 16}, {"type": "relu"}, {"type": "dropout", "p": 0.1}, {"type": "linear"}]},
        "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 5e-4},
        "schedule": {"kind": "cosine", "tMax": 5}, "penalty": {"l2": 0.001},
        "earlyStopping": {"monitor": "val_loss", "patience": 2},
        "augmentation": [{"gaussianNoise": {"std": 0.1}}],
        "batchSize": 32, "dropLast": True, "budget": {"epochs": 5, "targetTrainLoss": 0.01}, "seed": 7,
        "shuffle": False, "record": {"everySteps": 2, "evaluateEvery": 1, "keepWeights": False},
    },
    "idx.json": {
        "data": {"idx": {"trainImages": "a", "trainLabels": "b", "testImages": "c", "testLabels": "d",
                         "validationImages": "e", "validationLabels": "f"}, "sampleShape": [1, 28, 28]},
        "model": {"layers": [{"type": "conv2d", "out": 4, "kernel": 3, "stride": 1, "padding": 1}, {"type": "batchNorm"},
                             {"type": "maxPool2d", "kernel": 2}, {"type": "flatten"}, {"type": "linear"}]},
        "optimizer": {"type": "adamw", "lr": 0.001, "weightDecay": 0.01}, "batchSize": 64, "budget": {"steps": 100},
        "initialization": {"kaimingNormal": {"a": 0, "mode": "fan_out"}},
    },
    "csv.json": {
        "data": {"csv": {"train": "train.csv", "test": "test.csv", "validation": "v.csv", "label": "label",
                         "header": True, "delimiter": ";"}, "trainSamples": 100},
        "model": {"layers": [{"type": "linear", "out": 8, "bias": False}, {"type": "leakyReLU", "slope": 0.1}, {"type": "linear"}]},
        "optimizer": {"type": "adam", "lr": 0.01}, "schedule": {"kind": "step", "stepSize": 2, "gamma": 0.5},
        "batchSize": 4, "budget": {"epochs": 2, "stallSteps": 10, "stallLoss": 2.0}, "initialWeights": "w.safetensors",
    },
}
for name, spec in SPECS.items():
    put("FuzzRunSpec", name, json.dumps(spec, indent=1))
put("FuzzRunSpec", "syntax_error.json", '{"data": {"builtin": "mnist1d"},\n "batchSize": 32,,\n}')


# ---- baselines: a real one trimmed to one level of one experiment, and a small made-up one ----

with open(os.path.join(ROOT, "studies/baselines/demo.quick.json")) as f:
    demo = json.load(f)
demo["experiments"] = demo["experiments"][:1]
demo["experiments"][0]["levels"] = demo["experiments"][0]["levels"][:1]
level = demo["experiments"][0]["levels"][0]
level["bits"] = level["bits"][:1]
level["curves"] = {k: level["curves"][k] for k in sorted(level["curves"])[:2]}
demo["claims"] = demo["claims"][:1]
put("FuzzBaseline", "demo_trimmed.json", json.dumps(demo, indent=1, sort_keys=True))


# ---- dictionaries (fuzz/dict/<Fuzzer>.dict): tokens the mutator splices in ----------------------

def write_dict(name, entries):
    lines = [f"# libFuzzer dictionary for {name} (generated by fuzz/make_corpus.py)"]
    for e in dict.fromkeys(entries):  # unique, in order
        lines.append('"' + e.replace("\\", "\\\\").replace('"', '\\"') + '"')
    os.makedirs(os.path.join(HERE, "dict"), exist_ok=True)
    with open(os.path.join(HERE, "dict", name + ".dict"), "w") as f:
        f.write("\n".join(lines) + "\n")


JSON_TOKENS = ["{", "}", "[", "]", ":", ",", "null", "true", "false", "-1", "0", "1e308", "-1e308", "1e-45",
               "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "0.5"]
with open(os.path.join(ROOT, "docs/runspec.md")) as f:
    doc = f.read()
names = set(re.findall(r'`"?([A-Za-z_][A-Za-z0-9_]*)"?`', doc)) | set(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', doc))
write_dict("FuzzRunSpec", JSON_TOKENS + [json.dumps(n) for n in sorted(names)])
keys = set()


def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            keys.add(k)
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)


with open(os.path.join(ROOT, "studies/baselines/demo.quick.json")) as f:
    walk(json.load(f))
write_dict("FuzzBaseline", JSON_TOKENS + [json.dumps(k) for k in sorted(keys | {"supported", "refuted", "inconclusive", "demo", "quick", "full"})])
write_dict("FuzzSafeTensors", JSON_TOKENS + [json.dumps(k) for k in [
    "dtype", "shape", "data_offsets", "__metadata__", "F32", "F16", "BF16", "F64", "I64", "I32", "U8", "I8", "BOOL", "format", "pt"]])
write_dict("FuzzNPY", ["NUMPY", "'descr'", "'fortran_order'", "'shape'", "True", "False", "'<f4'", "'<f8'", "'<i8'", "'<i4'",
                       "'<i2'", "'|u1'", "'>f4'", "(", ")", ", ", "4294967296", "9223372036854775807", "L"])
