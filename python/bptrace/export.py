"""export_lesson: a PyTorch model, its data and its loss as a bptrace lesson TOML.

The lesson is written in bptrace's lesson format (README.md, "Lesson files"): one [[layer]] per
torch.nn.Linear with the activation that follows it, one [[sample]] per row of x, a [loss], and a
[training] when a learning rate is given. Every weight, bias, input, target and the learning rate
is written as a quoted string holding the exact decimal expansion of its float32/float64 value
(bptrace reads a number from its text, never through a double), so the lesson's exact trace is
the exact result of the very numbers the framework started from.
"""
from fractions import Fraction
import math

from .exact import exact_text, to_fraction

__all__ = ["export_lesson", "ExportError", "UnsupportedLayerError", "UnsupportedLossError"]


class ExportError(ValueError):
    """The model, data or loss cannot be written as a bptrace lesson."""


class UnsupportedLayerError(ExportError):
    """A module of the model that bptrace has no layer or activation for."""


class UnsupportedLossError(ExportError):
    """A loss that bptrace has no loss for (or not in this configuration)."""


def _torch():
    try:
        import torch
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise ImportError("bptrace.export_lesson needs PyTorch (Debian package python3-torch)") from e
    return torch


# ----------------------------------------------------------------------------------------------
# The model: Linear layers, each followed by at most one activation.

class _Layer:
    def __init__(self, where, linear):
        self.where = where                # "model[0]"
        self.linear = linear
        self.activation = "identity"      # bptrace's activation name
        self.fields = {}                  # its extra fields (alpha, derivative_at_zero)
        self.activation_where = None      # "model[1] Tanh"
        self.log_softmax = False          # LogSoftmax: softmax here, the log in NLLLoss


def _modules(model, prefix):
    """The model's modules in order, nested Sequentials flattened, each with its position."""
    torch = _torch()
    for name, module in model.named_children():
        where = f"{prefix}[{name}]" if name.isdigit() else f"{prefix}.{name}"
        if isinstance(module, torch.nn.Sequential):
            yield from _modules(module, where)
        else:
            yield where, module


def _describe(module):
    return f"{type(module).__name__}({module.extra_repr()})"


def _dtype_round(value, dtype):
    """A Python float as the framework holds it in `dtype` (a float32 model computes
    negative_slope·x with the slope rounded to float32)."""
    torch = _torch()
    return torch.tensor(value, dtype=torch.float64).to(dtype).item()


def _softmax_dim_ok(dim, x_dims):
    return dim is None or dim == -1 or dim == x_dims - 1


def _read_model(model, x_dims):
    torch = _torch()
    nn = torch.nn
    if not isinstance(model, nn.Sequential):
        raise UnsupportedLayerError(
            f"model: expected a torch.nn.Sequential of Linear layers and activations, found {type(model).__name__}")
    layers = []
    modules = list(_modules(model, "model"))
    if not modules:
        raise UnsupportedLayerError("model: the Sequential is empty; a lesson needs at least one Linear layer")
    for index, (where, m) in enumerate(modules):
        what = f"{where} {_describe(m)}"
        if isinstance(m, nn.Linear):
            layers.append(_Layer(where, m))
            continue
        if isinstance(m, nn.Identity):
            continue  # a no-op: z passes through unchanged
        activation, fields = None, {}
        if isinstance(m, nn.Sigmoid):
            activation = "sigmoid"
        elif isinstance(m, nn.Tanh):
            activation = "tanh"
        elif isinstance(m, nn.ReLU):
            # torch's ReLU backward passes the gradient where z > 0 only: relu'(0) = 0.
            activation, fields = "relu", {"derivative_at_zero": 0}
        elif isinstance(m, nn.LeakyReLU):
            # torch: z > 0 ? 1 : negative_slope, so g'(0) = negative_slope as well.
            activation, fields = "leaky_relu", {"alpha": ("slope", m.negative_slope),
                                                "derivative_at_zero": ("slope", m.negative_slope)}
        elif isinstance(m, nn.Softplus):
            if m.beta != 1:
                raise UnsupportedLayerError(f"{what}: bptrace's softplus is log(1 + e^z), beta = 1 only")
            activation = "softplus"
        elif isinstance(m, (nn.Softmax, nn.LogSoftmax)):
            if not _softmax_dim_ok(m.dim, x_dims):
                raise UnsupportedLayerError(f"{what}: bptrace's softmax runs over a sample's outputs "
                                            f"(the last dimension), not dim={m.dim}")
            if index != len(modules) - 1:
                raise UnsupportedLayerError(f"{what}: bptrace supports softmax on the output layer only "
                                            "(it must be the model's last module)")
            activation = "softmax"
        else:
            raise UnsupportedLayerError(
                f"{what}: unsupported module {type(m).__name__}; bptrace supports Linear layers, each followed by "
                "at most one of Sigmoid, Tanh, ReLU, LeakyReLU, Softplus (beta=1), Identity, and Softmax or "
                "LogSoftmax at the end")
        if not layers:
            raise UnsupportedLayerError(f"{what}: an activation before the first Linear layer; bptrace applies "
                                        "activations to a Linear layer's output")
        layer = layers[-1]
        if layer.activation_where is not None:
            raise UnsupportedLayerError(f"{what}: a second activation after {layer.activation_where}; bptrace "
                                        "applies one activation per Linear layer")
        layer.activation, layer.fields, layer.activation_where = activation, fields, what
        layer.log_softmax = isinstance(m, nn.LogSoftmax)
    if not layers:
        raise UnsupportedLayerError("model: no Linear layer; a lesson needs at least one")
    for a, b in zip(layers, layers[1:]):
        if a.linear.out_features != b.linear.in_features:
            raise ExportError(f"{b.where}: Linear takes {b.linear.in_features} inputs, {a.where} gives "
                              f"{a.linear.out_features}")
    return layers


# ----------------------------------------------------------------------------------------------
# The loss: bptrace's L = constant · R_batch R_outputs term(ŷ, y).

def _read_loss(loss, layers, scale):
    """(kind, constant, outputs, batch, extra fields, target form) for the torch loss, adjusting the
    last layer's activation where torch folds it into the loss (CrossEntropyLoss: softmax)."""
    torch = _torch()
    nn = torch.nn
    name = _describe(loss)
    last = layers[-1]
    reduction = getattr(loss, "reduction", None)
    if reduction not in ("mean", "sum"):
        raise UnsupportedLossError(f"loss {name}: reduction={reduction!r}; bptrace needs a scalar loss "
                                   "(reduction 'mean' or 'sum')")
    for attribute in ("weight", "pos_weight"):
        if getattr(loss, attribute, None) is not None:
            raise UnsupportedLossError(f"loss {name}: a {attribute} per class or output has no bptrace loss")
    if last.log_softmax and not isinstance(loss, nn.NLLLoss):
        raise UnsupportedLayerError(f"{last.activation_where}: LogSoftmax is supported only with NLLLoss "
                                    "(together: softmax + cross_entropy)")
    mean = reduction == "mean"
    if isinstance(loss, nn.MSELoss):
        return "squared_error", scale, "mean" if mean else "sum", "mean" if mean else "sum", {}, "values"
    if isinstance(loss, nn.L1Loss):
        # torch's sign(0) = 0 is the gradient of |ŷ − y| at ŷ = y.
        return ("absolute_error", scale, "mean" if mean else "sum", "mean" if mean else "sum",
                {"derivative_at_zero": 0}, "values")
    if isinstance(loss, nn.BCELoss):
        return "binary_cross_entropy", scale, "mean" if mean else "sum", "mean" if mean else "sum", {}, "values"
    if isinstance(loss, nn.BCEWithLogitsLoss):
        if last.activation != "identity":
            raise UnsupportedLossError(f"loss {name}: BCEWithLogitsLoss takes logits, but the model ends with "
                                       f"{last.activation_where}")
        last.activation, last.activation_where = "sigmoid", f"{name} (its sigmoid)"
        return "binary_cross_entropy", scale, "mean" if mean else "sum", "mean" if mean else "sum", {}, "values"
    if isinstance(loss, nn.CrossEntropyLoss):
        if loss.label_smoothing != 0:
            raise UnsupportedLossError(f"loss {name}: label_smoothing={loss.label_smoothing} has no bptrace loss")
        if last.activation != "identity":
            raise UnsupportedLossError(f"loss {name}: CrossEntropyLoss takes logits (it applies the softmax "
                                       f"itself), but the model ends with {last.activation_where}")
        last.activation, last.activation_where = "softmax", f"{name} (its softmax)"
        return "cross_entropy", scale, "sum", "mean" if mean else "sum", {}, "classes"
    if isinstance(loss, nn.NLLLoss):
        if not last.log_softmax:
            raise UnsupportedLossError(f"loss {name}: NLLLoss is supported after a final LogSoftmax only "
                                       "(together: softmax + cross_entropy)")
        return "cross_entropy", scale, "sum", "mean" if mean else "sum", {}, "indices"
    raise UnsupportedLossError(
        f"loss {name}: unsupported loss {type(loss).__name__}; bptrace supports MSELoss, L1Loss, BCELoss, "
        "BCEWithLogitsLoss, CrossEntropyLoss and NLLLoss (after LogSoftmax), reduction 'mean' or 'sum'")


# ----------------------------------------------------------------------------------------------
# Data.

def _rows(data, what):
    """A tensor, NumPy array or nested list as a list of rows of exact numbers, and its rank."""
    if hasattr(data, "detach"):
        data = data.detach().cpu()
    values = data.tolist() if hasattr(data, "tolist") else data
    if not isinstance(values, list):
        values = [values]
    flat = not values or not isinstance(values[0], list)
    rows = [values] if flat else values
    for k, row in enumerate(rows):
        if not isinstance(row, list) or any(isinstance(v, list) for v in row):
            raise ExportError(f"{what}: expected a vector or a matrix (samples × values); row {k + 1} is not "
                              "a list of numbers")
    return rows, 1 if flat else 2


def _integer_data(y):
    """Whether y holds class indices: an int, an integer tensor or array, a list of ints."""
    if isinstance(y, bool):
        return False
    if isinstance(y, int):
        return True
    if hasattr(y, "is_floating_point"):  # a torch tensor
        return not (y.is_floating_point() or y.is_complex()) and str(y.dtype) != "torch.bool"
    kind = getattr(getattr(y, "dtype", None), "kind", None)  # a NumPy array
    if kind is not None:
        return kind in "iu"
    if isinstance(y, list):
        return bool(y) and all(isinstance(v, int) and not isinstance(v, bool) for v in y)
    return False


def _targets(y, form, outputs, samples, x_rank, loss_name, ignore_index):
    """The targets as one row of `outputs` exact numbers per sample; class indices one-hot."""
    if form in ("classes", "indices") and _integer_data(y):
        rows, rank = _rows(y, "y")
        if len(rows) != 1:
            raise ExportError("y: class indices are a vector, one per sample; found a matrix")
        classes = rows[0]
        if len(classes) != samples:
            raise ExportError(f"y: {len(classes)} class indices for {samples} sample{'s' if samples != 1 else ''}"
                              + (" (x is one sample: give y as one integer)" if x_rank == 1 else ""))
        out = []
        for k, c in enumerate(classes):
            if c == ignore_index:
                raise UnsupportedLossError(f"loss {loss_name}: sample {k + 1} has the ignore_index "
                                           f"{ignore_index}; bptrace has no ignored samples")
            if not 0 <= c < outputs:
                raise ExportError(f"y: sample {k + 1}: class {c} outside 0..{outputs - 1}")
            out.append([1 if j == c else 0 for j in range(outputs)])
        return out
    if form == "indices":
        raise ExportError("y: NLLLoss takes class indices (an integer tensor)")
    # Values shaped as the output (CrossEntropyLoss also takes class probabilities so).
    rows, rank = _rows(y, "y")
    if rank != x_rank or len(rows) != samples or any(len(r) != outputs for r in rows):
        shape = f"({len(rows)}, {len(rows[0]) if rows else 0})" if rank == 2 else f"({len(rows[0])},)"
        want = f"({samples}, {outputs})" if x_rank == 2 else f"({outputs},)"
        raise ExportError(f"y: shape {shape}, the model's output has shape {want} (torch would broadcast)")
    return rows


# ----------------------------------------------------------------------------------------------
# TOML text.

def _string(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _number(value, what):
    try:
        return _string(exact_text(value))
    except (TypeError, ValueError) as e:
        raise ExportError(f"{what}: {e}") from None


def _vector(values, what):
    return "[" + ", ".join(_number(v, f"{what}[{k + 1}]") for k, v in enumerate(values)) + "]"


def _matrix(rows, what):
    lines = [_vector(row, f"{what}[{j + 1}]") for j, row in enumerate(rows)]
    return "[" + (",\n" + " " * len("weights = [")).join(lines) + "]"


def _architecture(x_width, layers):
    widths = [str(x_width)] + [str(layer.linear.out_features) for layer in layers]
    acts = ", ".join(layer.activation for layer in layers)
    return "-".join(widths) + f" ({acts})"


# ----------------------------------------------------------------------------------------------

def export_lesson(model, x, y=None, loss=None, *, lr=None, steps=1, optimizer=None, loss_scale=1,
                  path=None, title=None, source=None, description=None, notation=None, final_loss=False):
    """Write a torch.nn.Sequential model, its inputs x, targets y and loss as a bptrace lesson.

    model      a torch.nn.Sequential of Linear layers, each followed by at most one activation
               (Sigmoid, Tanh, ReLU, LeakyReLU, Softplus, Identity; Softmax or LogSoftmax last).
    x          the inputs: a vector (one sample) or a matrix, one row per sample ([[sample]]s).
    y          the targets, shaped as the model's output; class indices for CrossEntropyLoss
               (or its class probabilities) and NLLLoss, written one-hot. None without a loss.
    loss       a torch loss module (MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss,
               NLLLoss; reduction "mean" or "sum"), or None for a forward-only lesson.
    lr, steps  gradient descent: `steps` full-batch updates θ ← θ − lr·∂L/∂θ ([training]).
    optimizer  instead of lr: a torch.optim.SGD (one parameter group, no momentum, no weight
               decay, no dampening, not nesterov, not maximize) whose lr is used.
    loss_scale the loss's constant factor, e.g. Fraction(1, 2) for ½·MSE (torch has no ½).
    path       where to write the lesson (None: only return it).
    Returns the lesson's TOML text. Raises UnsupportedLayerError / UnsupportedLossError (both
    ValueErrors) naming the module and its position, or the loss, that bptrace cannot express.
    """
    torch = _torch()
    x_rows, x_rank = _rows(x, "x")
    layers = _read_model(model, x_rank)
    inputs = layers[0].linear.in_features
    for k, row in enumerate(x_rows):
        if len(row) != inputs:
            raise ExportError(f"x: sample {k + 1} has {len(row)} values, {layers[0].where} takes {inputs} inputs")
    if not x_rows:
        raise ExportError("x: no samples")
    # bptrace's limits (src/lesson/loader.cpp): beyond them a lesson is refused.
    if len(x_rows) > 10000:
        raise ExportError(f"x: {len(x_rows)} samples; a lesson has at most 10000")
    if len(layers) > 64:
        raise ExportError(f"model: {len(layers)} Linear layers; a lesson has at most 64")
    for layer in layers:
        if max(layer.linear.in_features, layer.linear.out_features) > 4096:
            raise ExportError(f"{layer.where}: {_describe(layer.linear)}; a lesson's layers are at most 4096 wide")
    outputs = layers[-1].linear.out_features

    loss_lines, y_rows = [], None
    if loss is None:
        if y is not None:
            raise ExportError("y: targets need a loss (a forward-only lesson has none)")
        if layers[-1].log_softmax:
            raise UnsupportedLayerError(f"{layers[-1].activation_where}: LogSoftmax is supported only with NLLLoss")
    else:
        if y is None:
            raise ExportError(f"y: the loss {_describe(loss)} needs targets")
        kind, constant, over_outputs, over_batch, extra, form = _read_loss(loss, layers, to_fraction(loss_scale))
        y_rows = _targets(y, form, outputs, len(x_rows), x_rank, _describe(loss), getattr(loss, "ignore_index", None))
        loss_lines = ["[loss]", f"# {_describe(loss)}" + (f" × {constant}" if constant != 1 else ""),
                      f"kind = {_string(kind)}", f"constant = {_number(constant, 'loss_scale')}",
                      f"outputs = {_string(over_outputs)}", f"batch = {_string(over_batch)}"]
        loss_lines += [f"{k} = {_number(v, k)}" for k, v in extra.items()]

    training_lines = []
    if optimizer is not None:
        if not isinstance(optimizer, torch.optim.SGD):
            raise ExportError(f"optimizer {type(optimizer).__name__}: bptrace does plain gradient descent "
                              "(torch.optim.SGD) only")
        if len(optimizer.param_groups) != 1:
            raise ExportError("optimizer SGD: one parameter group only (one learning rate)")
        group = optimizer.param_groups[0]
        for key, neutral in (("momentum", 0), ("dampening", 0), ("weight_decay", 0), ("nesterov", False),
                             ("maximize", False)):
            if group.get(key, neutral) != neutral:
                raise ExportError(f"optimizer SGD: {key}={group[key]} has no bptrace equivalent "
                                  "(plain θ ← θ − lr·∂L/∂θ only)")
        if lr is not None and to_fraction(lr) != to_fraction(group["lr"]):
            raise ExportError(f"lr={lr} differs from the optimizer's lr={group['lr']}")
        lr = group["lr"]
    if lr is not None:
        if loss is None:
            raise ExportError("lr: training needs a loss")
        if to_fraction(lr) <= 0:
            raise ExportError(f"lr={lr}: the learning rate must be positive")
        if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 100000:
            raise ExportError(f"steps={steps!r}: expected an integer 1..100000")
        training_lines = ["[training]", "# full-batch gradient descent, as torch.optim.SGD(lr) over all samples",
                          f"learning_rate = {_number(lr, 'lr')}", f"steps = {steps}"]
        if final_loss:
            training_lines.append("final_loss = true")
    elif steps != 1:
        raise ExportError(f"steps={steps}: training needs lr (or an optimizer)")

    dtypes = sorted({str(p.dtype).replace("torch.", "") for p in model.parameters()})
    arch = _architecture(inputs, layers)
    if title is None:
        title = f"PyTorch MLP {arch}" + (f", loss {type(loss).__name__}" if loss is not None else "")
    if source is None:
        source = f"exported from PyTorch {torch.__version__} by bptrace.export_lesson"
    if description is None:
        description = (f"A torch.nn.Sequential {arch}, parameters in {', '.join(dtypes)}, "
                       f"{len(x_rows)} sample{'s' if len(x_rows) != 1 else ''}"
                       + (f", loss {_describe(loss)}" + (f" × {to_fraction(loss_scale)}" if to_fraction(loss_scale) != 1 else "")
                          if loss is not None else ", forward pass only")
                       + (f", {steps} step{'s' if steps != 1 else ''} of gradient descent with lr = {exact_text(lr)}"
                          if training_lines else "")
                       + ". Every number is the exact decimal expansion of the framework's binary value.")

    lines = ["# Exported by bptrace.export_lesson (python/bptrace). Every weight, bias, input, target and",
             "# the learning rate is the exact decimal expansion of its binary float value, quoted so that",
             "# bptrace reads it from its text: no digit is lost.",
             "[lesson]", f"title = {_string(title)}", f"source = {_string(source)}"]
    if notation is not None:
        lines.append(f"notation = {_string(notation)}")
    lines += [f"description = {_string(description)}", "",
              "[network]", f"inputs = {inputs}",
              'weights_layout = "rows"   # row j = neuron j, as torch.nn.Linear.weight (out_features × in_features)']
    for layer in layers:
        lin = layer.linear
        dtype = lin.weight.dtype
        weights, _ = _rows(lin.weight, f"{layer.where}.weight")
        bias = _rows(lin.bias, f"{layer.where}.bias")[0][0] if lin.bias is not None else None
        comment = f"# {layer.where} {_describe(lin)}, {str(dtype).replace('torch.', '')}"
        if layer.activation_where:
            comment += f"; then {layer.activation_where}"
        lines += ["", comment, "[[layer]]", f"activation = {_string(layer.activation)}"]
        for key, value in layer.fields.items():
            if isinstance(value, tuple):  # ("slope", float): as the framework holds it in its dtype
                value = _dtype_round(value[1], dtype)
            lines.append(f"{key} = {_number(value, key)}")
        lines.append(f"weights = {_matrix(weights, f'{layer.where}.weight')}")
        # torch.nn.Linear(bias=False): a layer without bias, no b and no ∂L/∂b in the trace.
        lines.append(f"bias = {_vector(bias, f'{layer.where}.bias')}" if bias is not None else 'bias = "none"')
    for k, row in enumerate(x_rows):
        lines += ["", "[[sample]]", f"x = {_vector(row, f'x[{k + 1}]')}"]
        if y_rows is not None:
            lines.append(f"y = {_vector(y_rows[k], f'y[{k + 1}]')}")
    if loss_lines:
        lines += [""] + loss_lines
    if training_lines:
        lines += [""] + training_lines
    text = "\n".join(lines) + "\n"
    if path is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return text
