"""bptrace's Python side: PyTorch models as bptrace lessons.

    from bptrace import export_lesson, record
    export_lesson(model, x, y, torch.nn.CrossEntropyLoss(), lr=0.1, path="mlp.toml")
    record(model, x, y, torch.nn.CrossEntropyLoss(), lr=0.1, path="mlp.values.json")

Importable without installing: put the repository's python/ folder on sys.path. Needs Debian's
python3-torch (and python3-numpy) for export_lesson; the exact-decimal helpers need neither.
"""
from .exact import exact_decimal, exact_text, to_fraction
from .export import export_lesson, ExportError, UnsupportedLayerError, UnsupportedLossError
from .record import record, recorded_values

__all__ = ["export_lesson", "record", "recorded_values", "exact_decimal", "exact_text", "to_fraction", "ExportError",
           "UnsupportedLayerError", "UnsupportedLossError"]
