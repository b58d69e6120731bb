#!/usr/bin/python3
"""Ground truth for the ConvLens acceptance corpus (test/corpus).

Builds every corpus entry with PyTorch itself and writes test/corpus/expected.json.
Run with Debian's interpreter, which has python3-torch (1.13) and python3-torchvision (0.14.1):

    /usr/bin/python3 scripts/corpus/groundTruth.py [--only SUBSTRING] [--check]

--check rebuilds everything and compares with the committed expected.json instead of writing it.

How a file is loaded:
  * torchvision files (models/tv_*.py): the stored file, minus its header line, must equal the installed
    torchvision module; the installed module is imported (so its relative imports resolve) and the entry's
    model expression is evaluated in its namespace.
  * every other file: its top-level statements are executed one by one in a fresh namespace, with
    sys.argv = [file] (argparse defaults), __name__ != "__main__", inside a temporary working directory.
    Statements that would load data, train, save or download (see SKIP_RE) and loops / with-blocks are not
    executed (but for a `for` loop that defines names with setattr); a statement that raises is reported and
    skipped.  Then the model expression is evaluated.

What is recorded per entry (all in eval mode, under torch.no_grad(), one forward pass on zeros):
  total_params  sum(p.numel() for p in model.parameters())
  used_params   parameters owned directly (recurse=False) by modules whose forward ran, each counted once
  output        shape of the output (first tensor of a tuple/list/namedtuple; then output_note says so)
  layers        one row per leaf module (no children) that ran, in first-call order:
                path (named_modules name), type (class name), output (shape at its first call), params
                (its own parameter count), macs (Conv*/ConvTranspose*/Linear only, first call), calls,
                optional (see is_optional_leaf)
  macs          sum of the per-call conv/linear MACs over the whole forward
  unused        names of leaf modules with parameters that never ran
"""
import argparse
import ast
import contextlib
import importlib
import io
import json
import math
import os
import re
import sys
import types
import tempfile
import warnings

import torch
import torch.nn as nn
import torchvision

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
CORPUS = os.path.join(ROOT, 'test', 'corpus')
TV_DIR = os.path.dirname(torchvision.__file__)


def E(file, model, input, name, **extra):
    d = {'file': 'models/' + file, 'model': model, 'input': input, 'name': name}
    d.update(extra)
    return d


I224 = [1, 3, 224, 224]
C32 = [1, 3, 32, 32]
M28 = [1, 1, 28, 28]

ENTRIES = [
    # ---- torchvision 0.14.1 -------------------------------------------------------------------
    E('tv_alexnet.py', 'alexnet()', I224, 'alexnet'),
    E('tv_vgg.py', 'vgg16()', I224, 'vgg16'),
    E('tv_vgg.py', 'vgg11_bn()', I224, 'vgg11_bn'),
    E('tv_resnet.py', 'resnet18()', I224, 'resnet18'),
    E('tv_resnet.py', 'resnet50()', I224, 'resnet50'),
    E('tv_resnet.py', 'resnext50_32x4d()', I224, 'resnext50_32x4d'),
    E('tv_resnet.py', 'ResNet(BasicBlock, [2, 2, 2, 2])', I224, 'ResNet'),
    E('tv_squeezenet.py', 'squeezenet1_0()', I224, 'squeezenet1_0'),
    E('tv_squeezenet.py', 'squeezenet1_1()', I224, 'squeezenet1_1'),
    E('tv_densenet.py', 'densenet121()', I224, 'densenet121'),
    E('tv_mobilenetv2.py', 'mobilenet_v2()', I224, 'mobilenet_v2'),
    E('tv_mobilenetv3.py', 'mobilenet_v3_small()', I224, 'mobilenet_v3_small'),
    E('tv_mobilenetv3.py', 'mobilenet_v3_large()', I224, 'mobilenet_v3_large'),
    E('tv_googlenet.py', 'googlenet()', I224, 'googlenet'),
    E('tv_inception.py', 'inception_v3()', [1, 3, 299, 299], 'inception_v3'),
    E('tv_shufflenetv2.py', 'shufflenet_v2_x1_0()', I224, 'shufflenet_v2_x1_0'),
    E('tv_mnasnet.py', 'mnasnet1_0()', I224, 'mnasnet1_0'),
    E('tv_efficientnet.py', 'efficientnet_b0()', I224, 'efficientnet_b0'),
    E('tv_regnet.py', 'regnet_y_400mf()', I224, 'regnet_y_400mf'),
    E('tv_regnet.py', 'regnet_x_400mf()', I224, 'regnet_x_400mf'),
    E('tv_convnext.py', 'convnext_tiny()', I224, 'convnext_tiny'),
    # other variants and input sizes of the same files
    E('tv_resnet.py', 'wide_resnet50_2()', I224, 'wide_resnet50_2'),
    E('tv_resnet.py', 'resnet34()', [1, 3, 160, 160], 'resnet34'),
    E('tv_resnet.py', 'resnet18()', [2, 3, 224, 224], 'resnet18', note='batch of 2'),
    E('tv_vgg.py', 'vgg19_bn()', I224, 'vgg19_bn'),
    E('tv_densenet.py', 'densenet161()', I224, 'densenet161'),
    E('tv_densenet.py', 'densenet121()', [1, 3, 256, 256], 'densenet121'),
    E('tv_mobilenetv2.py', 'mobilenet_v2()', [1, 3, 192, 192], 'mobilenet_v2'),
    E('tv_mobilenetv2.py', 'mobilenet_v2(width_mult=0.5)', I224, 'mobilenet_v2'),
    E('tv_efficientnet.py', 'efficientnet_b3()', [1, 3, 300, 300], 'efficientnet_b3'),
    E('tv_efficientnet.py', 'efficientnet_v2_s()', [1, 3, 384, 384], 'efficientnet_v2_s'),
    E('tv_regnet.py', 'regnet_y_1_6gf()', I224, 'regnet_y_1_6gf'),
    E('tv_mnasnet.py', 'mnasnet0_5()', I224, 'mnasnet0_5'),
    E('tv_shufflenetv2.py', 'shufflenet_v2_x0_5()', I224, 'shufflenet_v2_x0_5'),
    E('tv_squeezenet.py', 'squeezenet1_0(num_classes=10)', [1, 3, 227, 227], 'squeezenet1_0'),
    E('tv_convnext.py', 'convnext_small()', I224, 'convnext_small'),
    E('tv_googlenet.py', 'googlenet(aux_logits=False)', I224, 'googlenet'),
    E('tv_inception.py', 'inception_v3(aux_logits=False, init_weights=False)', [1, 3, 299, 299], 'inception_v3'),
    E('tvold_alexnet.py', 'alexnet()', I224, 'alexnet'),
    E('tvold_alexnet.py', 'AlexNet(num_classes=10)', I224, 'AlexNet'),
    # ---- kuangliu/pytorch-cifar ---------------------------------------------------------------
    E('cifar_resnet.py', 'ResNet18()', C32, 'ResNet18'),
    E('cifar_resnet.py', 'ResNet50()', C32, 'ResNet50'),
    E('cifar_vgg.py', "VGG('VGG16')", C32, 'VGG'),
    E('cifar_densenet.py', 'densenet_cifar()', C32, 'densenet_cifar'),
    E('cifar_densenet.py', 'DenseNet121()', C32, 'DenseNet121'),
    E('cifar_googlenet.py', 'GoogLeNet()', C32, 'GoogLeNet'),
    E('cifar_mobilenet.py', 'MobileNet()', C32, 'MobileNet'),
    E('cifar_mobilenetv2.py', 'MobileNetV2()', C32, 'MobileNetV2'),
    E('cifar_preact_resnet.py', 'PreActResNet18()', C32, 'PreActResNet18'),
    E('cifar_senet.py', 'SENet18()', C32, 'SENet18'),
    E('cifar_shufflenetv2.py', 'ShuffleNetV2(1)', C32, 'ShuffleNetV2'),
    E('cifar_dpn.py', 'DPN26()', C32, 'DPN26'),
    E('cifar_lenet.py', 'LeNet()', C32, 'LeNet'),
    E('cifar_efficientnet.py', 'EfficientNetB0()', C32, 'EfficientNetB0'),
    E('cifar_regnet.py', 'RegNetX_200MF()', C32, 'RegNetX_200MF'),
    E('cifar_regnet.py', 'RegNetY_400MF()', C32, 'RegNetY_400MF'),
    E('cifar_dla.py', 'DLA()', C32, 'DLA'),
    E('cifar_dla_simple.py', 'SimpleDLA()', C32, 'SimpleDLA'),
    E('cifar_resnext.py', 'ResNeXt29_2x64d()', C32, 'ResNeXt29_2x64d'),
    E('cifar_pnasnet.py', 'PNASNetA()', C32, 'PNASNetA'),
    E('cifar_pnasnet.py', 'PNASNetB()', C32, 'PNASNetB'),
    E('cifar_resnet.py', 'ResNet152()', C32, 'ResNet152'),
    E('cifar_resnet.py', 'ResNet(BasicBlock, [1, 1, 1, 1], num_classes=100)', C32, 'ResNet'),
    E('cifar_densenet.py', 'DenseNet169()', C32, 'DenseNet169'),
    E('cifar_dpn.py', 'DPN92()', C32, 'DPN92'),
    E('cifar_resnext.py', 'ResNeXt29_32x4d()', C32, 'ResNeXt29_32x4d'),
    E('cifar_regnet.py', 'RegNetX_400MF()', C32, 'RegNetX_400MF'),
    E('cifar_preact_resnet.py', 'PreActResNet50()', C32, 'PreActResNet50'),
    E('cifar_vgg.py', "VGG('VGG11')", C32, 'VGG'),
    E('cifar_shufflenetv2.py', 'ShuffleNetV2(net_size=2)', C32, 'ShuffleNetV2'),
    # ---- pytorch/examples ---------------------------------------------------------------------
    E('ex_mnist.py', 'Net()', M28, 'Net'),
    E('ex_mnist_hogwild.py', 'Net()', M28, 'Net'),
    E('ex_vae.py', 'VAE()', M28, 'VAE'),
    E('ex_vae.py', 'model', M28, 'model'),
    E('ex_super_resolution.py', 'Net(upscale_factor=3)', [1, 1, 64, 64], 'Net'),
    E('ex_transformer_net.py', 'TransformerNet()', [1, 3, 256, 256], 'TransformerNet'),
    # ---- yunjey/pytorch-tutorial --------------------------------------------------------------
    E('yj_cnn.py', 'ConvNet(num_classes)', M28, 'ConvNet'),
    E('yj_cnn.py', 'model', M28, 'model'),
    E('yj_resnet.py', 'ResNet(ResidualBlock, [2, 2, 2])', C32, 'ResNet'),
    E('yj_gan.py', 'D', [1, 784], 'D'),
    E('yj_gan.py', 'G', [1, 64], 'G'),
    E('yj_vae.py', 'VAE()', [1, 784], 'VAE'),
    E('yj_feedforward.py', 'NeuralNet(input_size, hidden_size, num_classes)', [1, 784], 'NeuralNet'),
    # ---- student / personal repositories ------------------------------------------------------
    E('st_torch_net_1.py', 'Model()', M28, 'Model'),
    E('st_torch_net_1.py', 'model', M28, 'model'),
    E('st_fcn.py', 'FCN()', [1, 10, 640, 640], 'FCN'),
    E('st_fcnmobile.py', 'FCNMobile()', [1, 10, 640, 640], 'FCNMobile'),
    E('st_unet.py', 'UNet()', [1, 3, 128, 128], 'UNet'),
    E('st_wgan_upsample.py', 'NetG()', [1, 128], 'NetG'),
    E('st_unet_modulelist.py', 'UNET()', [1, 3, 160, 160], 'UNET'),
    E('st_unet_modulelist.py', 'UNET(in_channels=1, out_channels=1)', [1, 1, 161, 161], 'UNET',
      note='161 is odd: the last up-sampling gives 160x160 and the `if x.shape != skip_connection.shape` branch '
           'resizes it with torchvision TF.resize to the skip connection\'s 161x161'),
    # ---- chenyaofo/pytorch-cifar-models: factories made by setattr(sys.modules[__name__], …) ---
    E('cy_resnet.py', 'cifar10_resnet20()', C32, 'cifar10_resnet20'),
    E('cy_resnet.py', 'cifar100_resnet56()', C32, 'cifar100_resnet56'),
    # ---- bearpaw/pytorch-classification: factories taking **kwargs ----------------------------
    E('bp_resnet.py', 'resnet(depth=110, num_classes=10)', C32, 'resnet'),
    E('bp_resnet.py', "resnet(depth=164, block_name='Bottleneck', num_classes=100)", C32, 'resnet'),
    E('bp_wrn.py', 'wrn(depth=28, widen_factor=10, dropRate=0.3, num_classes=10)', C32, 'wrn'),
    E('bp_densenet.py', 'densenet(depth=100, growthRate=12, num_classes=10)', C32, 'densenet'),
    # ---- pytorch/benchmark --------------------------------------------------------------------
    E('bench_opacus_cifar10.py', 'CIFAR10Model()', C32, 'CIFAR10Model'),
    # ---- pytorch/tutorials --------------------------------------------------------------------
    E('tut_neural_networks.py', 'Net()', [1, 1, 32, 32], 'Net'),
    E('tut_neural_networks.py', 'net', [1, 1, 32, 32], 'net'),
    E('tut_buildmodel.py', 'NeuralNetwork()', [1, 28, 28], 'NeuralNetwork'),
    E('tut_buildmodel.py', 'model', [1, 28, 28], 'model'),
    E('tut_buildmodel.py', 'seq_modules', [1, 28, 28], 'seq_modules'),
]

# Entries whose honest result is a stop: the file leaves a value that matters to an unknown.
STOP_ENTRIES = [
    E('ex_dcgan.py', 'Generator(ngpu)', [1, 100, 1, 1], 'Generator', expect='stop', stop_kind='unknown',
      reason='nc is assigned per --dataset branch (3, or 1 for mnist) and --dataset is required, with no default'),
    E('ex_dcgan.py', 'Discriminator(ngpu)', [1, 3, 64, 64], 'Discriminator', expect='stop', stop_kind='unknown',
      reason='nc is assigned per --dataset branch (3, or 1 for mnist) and --dataset is required, with no default'),
    E('bp_resnext.py', 'resnext(cardinality=8, depth=29, widen_factor=4, num_classes=10)', C32, 'resnext',
      expect='stop', stop_kind='unknown',
      reason='__init__ loops over self.state_dict() to initialise weights; ConvLens does not enumerate a state dict'),
    E('keras_st_cnn_main.py', 'model', [1, 210, 160, 5], 'model', framework='keras', expect='stop', stop_kind='unknown',
      reason='model = model_architecture(input_shape): the function is imported from the sibling file cnn_utils.py '
             '(not read), and input_shape is the shape of data loaded from pickles at run time'),
]

SKIP_RE = re.compile(r'datasets\.|dset\.|DataLoader|download\s*=\s*True|download\w*\(|save_image|\.fit\(|\.train\(|\.backward\(|optim\.|'
                     r'torch\.save|torch\.load|load_state_dict|makedirs|SummaryWriter|plt\.|imshow|urlretrieve')


def strip_header(text):
    first, _, rest = text.partition('\n')
    if not first.startswith('# convlens-corpus:'):
        raise SystemExit('missing header line in corpus file: ' + first[:80])
    return rest


def load_namespace(relfile, log):
    path = os.path.join(CORPUS, relfile)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    body = strip_header(text)
    base = os.path.basename(relfile)
    if base.startswith('tv_'):
        modname = base[3:-3]
        installed = os.path.join(TV_DIR, 'models', modname + '.py')
        with open(installed, encoding='utf-8') as f:
            if f.read() != body:
                raise SystemExit(f'{relfile} differs from the installed {installed}')
        return importlib.import_module('torchvision.models.' + modname).__dict__
    # A real module object, so sys.modules[__name__] works in the file.
    module = types.ModuleType('convlens_corpus_' + re.sub(r'\W', '_', base[:-3]))
    sys.modules[module.__name__] = module
    ns = module.__dict__
    ns.update({'__file__': path, '__builtins__': __builtins__})
    tree = ast.parse(text, filename=path)  # the header is a comment: line numbers stay those of the stored file
    lines = text.splitlines()
    old_argv, old_cwd = sys.argv, os.getcwd()
    sys.argv = [path]
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            for node in tree.body:
                src = '\n'.join(lines[node.lineno - 1:node.end_lineno])
                # Loops train or load data, so they are skipped; one that only defines names with setattr (factories
                # made at module level, e.g. chenyaofo/pytorch-cifar-models) runs.
                if isinstance(node, ast.For) and 'setattr(' in src and not SKIP_RE.search(src):
                    pass
                elif isinstance(node, (ast.For, ast.While, ast.With, ast.AsyncFor, ast.AsyncWith)):
                    continue
                if isinstance(node, ast.If) and '__name__' in ast.unparse(node.test):
                    continue
                if not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)) and SKIP_RE.search(src):
                    continue
                code = compile(ast.Module(body=[node], type_ignores=[]), path, 'exec')
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        exec(code, ns)
                except BaseException as e:  # noqa: BLE001 - a skipped statement is reported, not fatal
                    log.append(f'{relfile}:{node.lineno}: skipped ({type(e).__name__}: {e})')
        finally:
            os.chdir(old_cwd)
            sys.argv = old_argv
    return ns


def shape_of(v):
    if isinstance(v, torch.Tensor):
        return list(v.shape)
    return None


def first_tensor(v):
    if isinstance(v, torch.Tensor):
        return v
    if isinstance(v, (tuple, list)):
        for x in v:
            t = first_tensor(x)
            if t is not None:
                return t
    if isinstance(v, dict):
        for x in v.values():
            t = first_tensor(x)
            if t is not None:
                return t
    return None


def layer_macs(m, inp, out):
    if isinstance(m, nn.modules.conv._ConvTransposeNd):
        x = inp[0]
        return x.numel() * (m.out_channels // m.groups) * math.prod(m.kernel_size)
    if isinstance(m, nn.modules.conv._ConvNd):
        return out.numel() * (m.in_channels // m.groups) * math.prod(m.kernel_size)
    if isinstance(m, nn.Linear):
        return (out.numel() // m.out_features) * m.in_features * m.out_features
    return None


def is_optional_leaf(m):
    """A leaf row the trace need not report: an empty container (an identity `nn.Sequential()` shortcut), or a
    parameter-free module whose class the model file defines itself (ShuffleBlock, SplitBlock, Flatten helpers):
    its forward is plain tensor code the trace may show as operations instead of as one module."""
    mod = type(m).__module__
    if isinstance(m, (nn.Sequential, nn.ModuleList, nn.ModuleDict)):
        return True
    library = mod.startswith('torch.nn') or mod.startswith('torchvision.ops')
    return not library and not any(True for _ in m.parameters(recurse=False))


def trace(entry, log):
    ns = load_namespace(entry['file'], log)
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        model = eval(entry['model'], ns)  # noqa: S307 - corpus files are our own test data
    if not isinstance(model, nn.Module):
        raise SystemExit(f"{entry['file']}: {entry['model']} is not an nn.Module")
    model.eval()
    names = {m: n for n, m in model.named_modules()}
    ran = {}      # module -> {'output', 'calls', 'macs'}
    order = []
    total_macs = [0]

    def hook(m, inp, out):
        t = first_tensor(out)
        macs = layer_macs(m, inp, t) if t is not None else None
        if macs:
            total_macs[0] += macs
        rec = ran.get(m)
        if rec is None:
            ran[m] = {'output': shape_of(t), 'calls': 1, 'macs': macs}
            order.append(m)
        else:
            rec['calls'] += 1

    handles = [m.register_forward_hook(hook) for m in names]
    x = torch.zeros(entry['input'])
    with torch.no_grad():
        out = model(x)
    for h in handles:
        h.remove()

    seen = set()
    used = 0
    for m in ran:
        for p in m.parameters(recurse=False):
            if id(p) not in seen:
                seen.add(id(p))
                used += p.numel()
    layers = []
    for m in order:
        if any(True for _ in m.children()):
            continue
        rec = ran[m]
        row = {'path': names[m], 'type': type(m).__name__, 'output': rec['output'],
               'params': sum(p.numel() for p in m.parameters(recurse=False))}
        if rec['macs'] is not None:
            row['macs'] = rec['macs']
        if rec['calls'] > 1:
            row['calls'] = rec['calls']
        if is_optional_leaf(m):
            row['optional'] = True
        layers.append(row)
    res = dict(entry)
    res['framework'] = 'torch'
    res['total_params'] = sum(p.numel() for p in model.parameters())
    res['used_params'] = used
    t = first_tensor(out)
    res['output'] = shape_of(t)
    if not isinstance(out, torch.Tensor):
        res['output_note'] = f'{type(out).__name__} output; "output" is its first tensor'
        if isinstance(out, (tuple, list)):
            res['outputs'] = [shape_of(first_tensor(o)) for o in out]
    res['macs'] = total_macs[0]
    unused = [n for m, n in names.items()
              if m not in ran and not any(True for _ in m.children()) and any(True for _ in m.parameters(recurse=False))]
    if unused:
        res['unused'] = unused
    res['layers'] = layers
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--only', default=None, help='only entries whose file or model contains this')
    ap.add_argument('--check', action='store_true', help='compare with expected.json instead of writing it')
    args = ap.parse_args()
    log = []
    results = []
    for entry in ENTRIES:
        if args.only and args.only not in entry['file'] and args.only not in entry['model']:
            continue
        r = trace(entry, log)
        print(f"{r['file']:32} {r['model']:40} params {r['total_params']:>11,} used {r['used_params']:>11,} "
              f"out {r['output']} layers {len(r['layers'])} macs {r['macs']:,}")
        results.append(r)
    for entry in STOP_ENTRIES:
        if args.only and args.only not in entry['file'] and args.only not in entry['model']:
            continue
        results.append(dict({'framework': 'torch'}, **entry))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import kerasTruth  # noqa: E402 - the Keras half of the corpus, computed from Keras's formulas
    for r in kerasTruth.entries():
        if args.only and args.only not in r['file'] and args.only not in r['model']:
            continue
        results.append(r)
    for line in log:
        print('note:', line, file=sys.stderr)
    doc = {'generated_by': 'scripts/corpus/groundTruth.py (PyTorch hooks) + scripts/corpus/kerasTruth.py (Keras formulas)',
           'torch': '.'.join(torch.__version__.split('.')[:2]),
           'torchvision': torchvision.__version__.split('a')[0].split('+')[0],
           'entries': results}
    out_path = os.path.join(CORPUS, 'expected.json')
    if args.check:
        with open(out_path, encoding='utf-8') as f:
            old = json.load(f)
        key = lambda e: (e['file'], e['model'], tuple(e['input']))  # noqa: E731
        old_entries = {key(e): e for e in old['entries']}
        bad = [key(r) for r in results if old_entries.get(key(r)) != r]
        for b in bad:
            print('differs:', *b)
        print(f'{len(results) - len(bad)} passed, {len(bad)} failed')
        sys.exit(1 if bad else 0)
    if args.only:
        print('(--only given: expected.json not written)')
        return
    with open(out_path, 'w', encoding='utf-8') as f:
        f.write(dump(doc))
    print(f'wrote {out_path}: {len(results)} entries')


def dump(doc):
    """JSON with one layer row per line, so diffs of expected.json stay readable."""
    parts = ['{\n']
    head = {k: v for k, v in doc.items() if k != 'entries'}
    for k, v in head.items():
        parts.append(f'  {json.dumps(k)}: {json.dumps(v)},\n')
    parts.append('  "entries": [\n')
    for i, e in enumerate(doc['entries']):
        parts.append('    {\n')
        keys = [k for k in e if k != 'layers']
        for j, k in enumerate(keys):
            last = j == len(keys) - 1 and 'layers' not in e
            parts.append(f'      {json.dumps(k)}: {json.dumps(e[k])}{"" if last else ","}\n')
        if 'layers' in e:
            parts.append('      "layers": [\n')
            for j, row in enumerate(e['layers']):
                parts.append(f'        {json.dumps(row)}{"," if j < len(e["layers"]) - 1 else ""}\n')
            parts.append('      ]\n')
        parts.append('    }' + (',' if i < len(doc['entries']) - 1 else '') + '\n')
    parts.append('  ]\n}\n')
    return ''.join(parts)


if __name__ == '__main__':
    main()
