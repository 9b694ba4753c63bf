"""record: what a framework computed, under bptrace's canonical names, as a values file.

`record(model, x, y, loss, lr=..., steps=...)` runs PyTorch's own forward pass, backward pass and
SGD updates of a torch.nn.Sequential (the models export_lesson writes as lessons) and writes every
value torch computed: per sample and layer z and a (layerL.z[j], layerL.a[j]), ∂L/∂a and ∂L/∂z
(taken with retain_grad), ∂L/∂x, the loss, the parameter gradients (.grad) and the parameters after
each update, named as bptrace names them (README, "Canonical names"). An activation that torch
folds into its loss (CrossEntropyLoss's softmax, BCEWithLogitsLoss's sigmoid) and LogSoftmax's
output are not values torch computed: their a and ∂L/∂a are not recorded.

The file format is docs/values-format.md: every value is the exact decimal expansion of the binary
number torch held, so nothing is lost between the framework and the file.
"""
import json

from .exact import exact_decimal
from .export import _read_loss, _read_model, _rows, _torch, ExportError, to_fraction

__all__ = ["record", "recorded_values", "VALUES_FORMAT"]

VALUES_FORMAT = "bptrace-values"


def _folded_output(model, loss, x_rank):
    """Whether the model's last activation is not a tensor torch computes (folded into the loss,
    or the log of it): the last layer's a and ∂L/∂a are then not recorded."""
    layers = _read_model(model, x_rank)
    last = layers[-1]
    before = last.activation
    if loss is not None:
        _read_loss(loss, layers, to_fraction(1))  # CrossEntropyLoss, BCEWithLogitsLoss: one folded in
    return last.log_softmax or last.activation != before


def recorded_values(model, x, y=None, loss=None, *, lr=None, steps=1, loss_scale=1):
    """{canonical name: float} of what torch computes, in the model's own dtype: the loss is
    loss_scale·loss(ŷ, y) (½·MSE: loss_scale = Fraction(1, 2)). The model's parameters are updated
    in place when lr is given (as torch.optim.SGD(lr) would)."""
    torch = _torch()
    nn = torch.nn
    _, x_rank = _rows(x, "x")
    folded = _folded_output(model, loss, x_rank)
    if lr is not None and loss is None:
        raise ExportError("lr: training needs a loss")
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1 or (steps != 1 and lr is None):
        raise ExportError(f"steps={steps!r}: expected 1, or a positive integer with lr")
    out = {}
    batch = x.dim() == 2
    samples = x.shape[0] if batch else 1
    optimizer = torch.optim.SGD(model.parameters(), lr=lr) if lr is not None else None
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    modules = [m for m in model.modules() if not isinstance(m, nn.Sequential)]
    for t in range(1, (steps if optimizer else 1) + 1):
        step = "" if t == 1 else f"step{t}."
        xs = x.detach().clone().requires_grad_(loss is not None)
        a, zs, acts = xs, [], []
        for m in modules:
            a = m(a)
            if isinstance(m, nn.Identity):
                continue
            if a.requires_grad:
                a.retain_grad()
            if isinstance(m, nn.Linear):
                zs.append(a)
                acts.append(a)  # identity until an activation follows
            else:
                acts[-1] = a
        if loss is not None:
            value = loss(a, y)
            if to_fraction(loss_scale) != 1:
                value = float(to_fraction(loss_scale)) * value
            model.zero_grad()
            value.backward()
            out[step + "loss"] = value.item()
        for k in range(samples):
            sample = f"sample{k + 1}." if batch else ""
            row = (lambda tensor: tensor[k]) if batch else (lambda tensor: tensor)
            for l, (z, act) in enumerate(zip(zs, acts), start=1):
                recorded_a = not (folded and l == len(zs))
                for j in range(z.shape[-1]):
                    name = f"{step}{sample}layer{l}"
                    out[f"{name}.z[{j + 1}]"] = row(z.detach())[j].item()
                    if recorded_a:
                        out[f"{name}.a[{j + 1}]"] = row(act.detach())[j].item()
                    if loss is not None:
                        out[f"{name}.dz[{j + 1}]"] = row(z.grad)[j].item()
                        if recorded_a:
                            out[f"{name}.da[{j + 1}]"] = row(act.grad)[j].item()
            if loss is not None:
                for i in range(xs.shape[-1]):
                    out[f"{step}{sample}input.dx[{i + 1}]"] = row(xs.grad)[i].item()
        if loss is None:
            break
        for l, lin in enumerate(linears, start=1):
            for j in range(lin.out_features):
                if lin.bias is not None:
                    out[f"{step}layer{l}.db[{j + 1}]"] = lin.bias.grad[j].item()
                for i in range(lin.in_features):
                    out[f"{step}layer{l}.dW[{j + 1},{i + 1}]"] = lin.weight.grad[j, i].item()
        if optimizer:
            optimizer.step()
            after = f"step{t + 1}."
            for l, lin in enumerate(linears, start=1):
                for j in range(lin.out_features):
                    if lin.bias is not None:
                        out[f"{after}layer{l}.b[{j + 1}]"] = lin.bias[j].item()
                    for i in range(lin.in_features):
                        out[f"{after}layer{l}.W[{j + 1},{i + 1}]"] = lin.weight[j, i].item()
    return out


def record(model, x, y=None, loss=None, *, lr=None, steps=1, loss_scale=1, path=None, lesson=None):
    """Run torch's forward pass, backward pass and `steps` SGD updates (with lr) of the model and
    write what it computed as a values file (docs/values-format.md). Returns the file's text.

    model, x, y, loss, lr, steps, loss_scale are as for export_lesson (the same model exported gives the lesson
    these values belong to); `lesson` names it in the file. The model's parameters are updated.
    """
    torch = _torch()
    dtypes = sorted({str(p.dtype).replace("torch.", "") for p in model.parameters()})
    if len(dtypes) != 1 or dtypes[0] not in ("float32", "float64"):
        raise ExportError(f"model: parameters in {', '.join(dtypes) or 'no dtype'}; record needs one dtype, "
                          "float32 or float64")
    values = recorded_values(model, x, y, loss, lr=lr, steps=steps, loss_scale=loss_scale)
    document = {"format": VALUES_FORMAT, "version": 1, "dtype": dtypes[0],
                "producer": f"PyTorch {torch.__version__}, bptrace.record"}
    if lesson is not None:
        document["lesson"] = lesson
    document["values"] = {name: exact_decimal(v) for name, v in values.items()}
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if path is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return text
