#!/usr/bin/python3
"""Keras half of the ConvLens corpus ground truth.

TensorFlow cannot be installed on these machines, so the Keras entries are computed from Keras's documented
shape and parameter rules, applied to a hand-written description of each model (SPECS below, one per corpus
entry, following the model code layer by layer).  Where the keras-io example publishes the output of
model.summary() (in the .md next to the .py), the entry cites it in "summary_source" and check() asserts that
the totals (and where listed, every layer's params and output shape) agree with it.

Run alone to print and check:  /usr/bin/python3 scripts/corpus/kerasTruth.py
groundTruth.py imports entries() and writes them into test/corpus/expected.json.

Rules used (channels_last, batch dimension 1, "None" in a summary is the batch):
  Conv1D/2D/3D           params = prod(kernel) * c_in * filters + filters (use_bias)
                         out = ceil(n / s) for padding "same", floor((n - k) / s) + 1 for "valid"
  Conv2DTranspose        params as Conv2D; out = n * s ("same"), n * s + max(k - s, 0) ("valid")
  SeparableConv2D        params = prod(kernel) * c_in * dm + c_in * dm * filters + filters
  DepthwiseConv2D        params = prod(kernel) * c_in * dm + c_in * dm
  Dense                  params = in * units + units, on the last axis
  BatchNormalization     params = 4 * C (gamma, beta trainable; moving mean, variance non-trainable)
  MaxPooling/AveragePooling: as conv with kernel = pool_size, strides default = pool_size
  UpSampling2D           out = n * size
  Global*Pooling2D       out = (C,)
  Flatten / Reshape / Dropout / Activation / LeakyReLU / Add: no params
MACs (recorded for Conv2D, Conv2DTranspose, Dense only, the same conventions as the PyTorch half):
  Conv2D: out_elements * prod(kernel) * c_in;  Conv2DTranspose: in_elements * prod(kernel) * filters;
  Dense: out_elements / units * in * units
"""
import math


def _pair(v, n=2):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _conv_len(n, k, s, padding):
    return -(-n // s) if padding == 'same' else (n - k) // s + 1


class Tracer:
    def __init__(self, input_shape):
        self.rows = []
        self.input = [1] + list(input_shape)

    def _row(self, type_, out, params, non_trainable=0, macs=None):
        row = {'index': len(self.rows), 'type': type_, 'output': list(out), 'params': params}
        if non_trainable:
            row['non_trainable'] = non_trainable
        if macs is not None:
            row['macs'] = macs
        self.rows.append(row)
        return list(out)

    # layers: each takes the input shape (with batch) and returns the output shape
    def Conv2D(self, x, filters, kernel, strides=1, padding='valid', use_bias=True):
        k, s = _pair(kernel), _pair(strides)
        h, w = (_conv_len(x[1 + i], k[i], s[i], padding) for i in range(2))
        out = [1, h, w, filters]
        params = k[0] * k[1] * x[3] * filters + (filters if use_bias else 0)
        return self._row('Conv2D', out, params, macs=h * w * filters * k[0] * k[1] * x[3])

    def Conv2DTranspose(self, x, filters, kernel, strides=1, padding='valid', use_bias=True):
        k, s = _pair(kernel), _pair(strides)
        dims = []
        for i in range(2):
            n = x[1 + i]
            dims.append(n * s[i] if padding == 'same' else n * s[i] + max(k[i] - s[i], 0))
        out = [1, dims[0], dims[1], filters]
        params = k[0] * k[1] * x[3] * filters + (filters if use_bias else 0)
        return self._row('Conv2DTranspose', out, params, macs=x[1] * x[2] * x[3] * k[0] * k[1] * filters)

    def SeparableConv2D(self, x, filters, kernel, strides=1, padding='valid', depth_multiplier=1, use_bias=True):
        k, s = _pair(kernel), _pair(strides)
        h, w = (_conv_len(x[1 + i], k[i], s[i], padding) for i in range(2))
        c = x[3]
        params = k[0] * k[1] * c * depth_multiplier + c * depth_multiplier * filters + (filters if use_bias else 0)
        return self._row('SeparableConv2D', [1, h, w, filters], params)

    def Dense(self, x, units, use_bias=True):
        out = list(x[:-1]) + [units]
        return self._row('Dense', out, x[-1] * units + (units if use_bias else 0),
                         macs=math.prod(out) // units * x[-1] * units)

    def BatchNormalization(self, x):
        c = x[-1]
        return self._row('BatchNormalization', x, 4 * c, non_trainable=2 * c)

    def _pool(self, type_, x, pool, strides=None, padding='valid'):
        k = _pair(pool)
        s = _pair(strides) if strides is not None else k
        h, w = (_conv_len(x[1 + i], k[i], s[i], padding) for i in range(2))
        return self._row(type_, [1, h, w, x[3]], 0)

    def MaxPooling2D(self, x, pool=(2, 2), strides=None, padding='valid'):
        return self._pool('MaxPooling2D', x, pool, strides, padding)

    def UpSampling2D(self, x, size=(2, 2)):
        s = _pair(size)
        return self._row('UpSampling2D', [1, x[1] * s[0], x[2] * s[1], x[3]], 0)

    def GlobalMaxPooling2D(self, x):
        return self._row('GlobalMaxPooling2D', [1, x[3]], 0)

    def GlobalAveragePooling2D(self, x):
        return self._row('GlobalAveragePooling2D', [1, x[3]], 0)

    def Flatten(self, x):
        return self._row('Flatten', [1, math.prod(x[1:])], 0)

    def Reshape(self, x, target):
        assert math.prod(target) == math.prod(x[1:]), (target, x)
        return self._row('Reshape', [1] + list(target), 0)

    def same(self, type_, x):
        return self._row(type_, x, 0)

    def Add(self, a, b):
        assert a == b, ('Add of different shapes', a, b)
        return self._row('Add', a, 0)


# ---- one function per entry, mirroring the model code -------------------------------------------------------

def mnist_convnet():
    t = Tracer((28, 28, 1))
    x = t.input
    x = t.Conv2D(x, 32, (3, 3))
    x = t.MaxPooling2D(x, (2, 2))
    x = t.Conv2D(x, 64, (3, 3))
    x = t.MaxPooling2D(x, (2, 2))
    x = t.Flatten(x)
    x = t.same('Dropout', x)
    x = t.Dense(x, 10)
    return t


def autoencoder():
    t = Tracer((28, 28, 1))
    x = t.input
    x = t.Conv2D(x, 32, (3, 3), padding='same')
    x = t.MaxPooling2D(x, (2, 2), padding='same')
    x = t.Conv2D(x, 32, (3, 3), padding='same')
    x = t.MaxPooling2D(x, (2, 2), padding='same')
    x = t.Conv2D(x, 32, (3, 3), padding='same')
    x = t.UpSampling2D(x, (2, 2))
    x = t.Conv2D(x, 32, (3, 3), padding='same')
    x = t.UpSampling2D(x, (2, 2))
    x = t.Conv2D(x, 1, (3, 3), padding='same')
    return t


def dcgan_discriminator():
    t = Tracer((28, 28, 1))
    x = t.input
    x = t.Conv2D(x, 64, (3, 3), strides=(2, 2), padding='same')
    x = t.same('LeakyReLU', x)
    x = t.Conv2D(x, 128, (3, 3), strides=(2, 2), padding='same')
    x = t.same('LeakyReLU', x)
    x = t.GlobalMaxPooling2D(x)
    x = t.Dense(x, 1)
    return t


def dcgan_generator():
    t = Tracer((128,))
    x = t.input
    x = t.Dense(x, 7 * 7 * 128)
    x = t.same('LeakyReLU', x)
    x = t.Reshape(x, (7, 7, 128))
    x = t.Conv2DTranspose(x, 128, (4, 4), strides=(2, 2), padding='same')
    x = t.same('LeakyReLU', x)
    x = t.Conv2DTranspose(x, 128, (4, 4), strides=(2, 2), padding='same')
    x = t.same('LeakyReLU', x)
    x = t.Conv2D(x, 1, (7, 7), padding='same')
    return t


def oxford_pets_unet():
    t = Tracer((160, 160, 3))
    x = t.input
    x = t.Conv2D(x, 32, 3, strides=2, padding='same')
    x = t.BatchNormalization(x)
    x = t.same('Activation', x)
    previous = x
    for filters in [64, 128, 256]:
        x = t.same('Activation', x)
        x = t.SeparableConv2D(x, filters, 3, padding='same')
        x = t.BatchNormalization(x)
        x = t.same('Activation', x)
        x = t.SeparableConv2D(x, filters, 3, padding='same')
        x = t.BatchNormalization(x)
        x = t.MaxPooling2D(x, 3, strides=2, padding='same')
        residual = t.Conv2D(previous, filters, 1, strides=2, padding='same')
        x = t.Add(x, residual)
        previous = x
    for filters in [256, 128, 64, 32]:
        x = t.same('Activation', x)
        x = t.Conv2DTranspose(x, filters, 3, padding='same')
        x = t.BatchNormalization(x)
        x = t.same('Activation', x)
        x = t.Conv2DTranspose(x, filters, 3, padding='same')
        x = t.BatchNormalization(x)
        x = t.UpSampling2D(x, 2)
        residual = t.UpSampling2D(previous, 2)
        residual = t.Conv2D(residual, filters, 1, padding='same')
        x = t.Add(x, residual)
        previous = x
    x = t.Conv2D(x, 3, 3, padding='same')
    return t


def xception_small():
    t = Tracer((180, 180, 3))
    x = t.input
    x = t.same('Rescaling', x)
    x = t.Conv2D(x, 32, 3, strides=2, padding='same')
    x = t.BatchNormalization(x)
    x = t.same('Activation', x)
    x = t.Conv2D(x, 64, 3, padding='same')
    x = t.BatchNormalization(x)
    x = t.same('Activation', x)
    previous = x
    for size in [128, 256, 512, 728]:
        x = t.same('Activation', x)
        x = t.SeparableConv2D(x, size, 3, padding='same')
        x = t.BatchNormalization(x)
        x = t.same('Activation', x)
        x = t.SeparableConv2D(x, size, 3, padding='same')
        x = t.BatchNormalization(x)
        x = t.MaxPooling2D(x, 3, strides=2, padding='same')
        residual = t.Conv2D(previous, size, 1, strides=2, padding='same')
        x = t.Add(x, residual)
        previous = x
    x = t.SeparableConv2D(x, 1024, 3, padding='same')
    x = t.BatchNormalization(x)
    x = t.same('Activation', x)
    x = t.GlobalAveragePooling2D(x)
    x = t.same('Dropout', x)  # num_classes == 2: units = 1, activation = "sigmoid"
    x = t.Dense(x, 1)
    return t


def vgg_like():
    t = Tracer((100, 100, 3))
    x = t.input
    x = t.Conv2D(x, 32, (3, 3))
    x = t.Conv2D(x, 32, (3, 3))
    x = t.MaxPooling2D(x, (2, 2))
    x = t.same('Dropout', x)
    x = t.Conv2D(x, 64, (3, 3))
    x = t.Conv2D(x, 64, (3, 3))
    x = t.MaxPooling2D(x, (2, 2))
    x = t.same('Dropout', x)
    x = t.Flatten(x)
    x = t.Dense(x, 256)
    x = t.same('Dropout', x)
    x = t.Dense(x, 10)
    return t


def cnn01():
    t = Tracer((5, 5, 1))
    x = t.input
    x = t.Conv2D(x, 10, (2, 2))
    x = t.Conv2D(x, 5, (2, 2))
    return t


def cnn_utils_architecture():
    t = Tracer((210, 160, 5))
    x = t.input
    x = t.Conv2D(x, 32, (3, 3), strides=(2, 2), padding='same')
    x = t.same('Activation', x)
    x = t.MaxPooling2D(x, (2, 2), strides=2)
    x = t.Conv2D(x, 64, (3, 3), strides=(2, 2), padding='valid')
    x = t.same('Activation', x)
    x = t.MaxPooling2D(x, (2, 2), strides=2)
    x = t.Flatten(x)
    x = t.Dense(x, 2048)
    x = t.Dense(x, 1)
    x = t.same('Activation', x)
    return t


KIO = 'keras-team/keras-io/'
SPECS = [
    # file, model expression, name, builder, summary source, published (total, trainable, non-trainable),
    # published per-layer (type, output without batch, params) in the summary's order, or None
    dict(file='models/keras_mnist_convnet.py', model='model', name='model', build=mnist_convnet,
         summary_source=KIO + 'examples/vision/md/mnist_convnet.md (commit 38324b71e65c48731fb8ff4342cd8fcaac276953)',
         published=(34826, 34826, 0),
         published_layers=[('Conv2D', (26, 26, 32), 320), ('MaxPooling2D', (13, 13, 32), 0),
                           ('Conv2D', (11, 11, 64), 18496), ('MaxPooling2D', (5, 5, 64), 0),
                           ('Flatten', (1600,), 0), ('Dropout', (1600,), 0), ('Dense', (10,), 16010)]),
    dict(file='models/keras_autoencoder.py', model='autoencoder', name='autoencoder', build=autoencoder,
         summary_source=KIO + 'examples/vision/md/autoencoder.md (commit 1152d883930e8ab91a8c16366d5a21c67d771e82); '
                        'that page shows a later revision of the example in which each Conv2D + UpSampling2D pair of '
                        'the decoder became one strided Conv2DTranspose with the same kernel and filters, so its total '
                        '(28,353) and its conv layers\' params (320, 9,248 x3, 289) are those of this file; its '
                        'per-layer rows are not compared',
         published=(28353, 28353, 0), published_layers=None),
    dict(file='models/keras_dcgan.py', model='discriminator', name='discriminator', build=dcgan_discriminator,
         summary_source=KIO + 'examples/generative/md/dcgan_overriding_train_step.md (commit 0e2325b31f291531990c55fec009feee850b6ca9)',
         published=(74625, 74625, 0),
         published_layers=[('Conv2D', (14, 14, 64), 640), ('LeakyReLU', (14, 14, 64), 0),
                           ('Conv2D', (7, 7, 128), 73856), ('LeakyReLU', (7, 7, 128), 0),
                           ('GlobalMaxPooling2D', (128,), 0), ('Dense', (1,), 129)]),
    dict(file='models/keras_dcgan.py', model='generator', name='generator', build=dcgan_generator,
         summary_source=KIO + 'examples/generative/md/dcgan_overriding_train_step.md (commit 0e2325b31f291531990c55fec009feee850b6ca9)',
         published=(1339905, 1339905, 0),
         published_layers=[('Dense', (6272,), 809088), ('LeakyReLU', (6272,), 0), ('Reshape', (7, 7, 128), 0),
                           ('Conv2DTranspose', (14, 14, 128), 262272), ('LeakyReLU', (14, 14, 128), 0),
                           ('Conv2DTranspose', (28, 28, 128), 262272), ('LeakyReLU', (28, 28, 128), 0),
                           ('Conv2D', (28, 28, 1), 6273)]),
    dict(file='models/keras_oxford_pets_unet.py', model='model', name='model', build=oxford_pets_unet,
         summary_source=KIO + 'examples/vision/md/oxford_pets_image_segmentation.md (commit ad4fc805f5e1a4a4c0bcdd416aa9feac6608fb6c; Keras 2 summary of the same '
                        'get_model; layers listed there in Keras\'s topological order, which puts each residual '
                        'UpSampling2D before the main-path one)',
         published=(2058979, 2055203, 3776), published_layers=None,
         published_params_multiset=[896, 128, 0, 0, 2400, 256, 0, 4736, 256, 0, 2112, 0, 0, 8896, 512, 0, 17664,
                                    512, 0, 8320, 0, 0, 34176, 1024, 0, 68096, 1024, 0, 33024, 0, 0, 590080, 1024,
                                    0, 590080, 1024, 0, 0, 65792, 0, 0, 295040, 512, 0, 147584, 512, 0, 0, 32896,
                                    0, 0, 73792, 256, 0, 36928, 256, 0, 0, 8256, 0, 0, 18464, 128, 0, 9248, 128,
                                    0, 0, 2080, 0, 867]),
    dict(file='models/keras_xception_small.py', model='model', name='model', build=xception_small,
         summary_source=None,
         summary_note='the example draws the model with keras.utils.plot_model and prints no summary; '
                      'formulas only (2,782,649 params of which 8,736 non-trainable)',
         published=(2782649, 2773913, 8736), published_layers=None),  # not published: the hand total, as a guard
    dict(file='models/keras_st_vgg_like.py', model='model', name='model', build=vgg_like,
         summary_source=None,
         summary_note='model.add() style; the file prints no summary; formulas only',
         published=(7998250, 7998250, 0), published_layers=None),  # not published: the hand total, as a guard
    dict(file='models/keras_st_cnn01.py', model='model', name='model', build=cnn01,
         summary_source='JEONGGIHYUN/JGH/keras/keras35_cnn01.py (the summary is pasted as comments in the file itself)',
         published=(255, 255, 0),
         published_layers=[('Conv2D', (4, 4, 10), 50), ('Conv2D', (3, 3, 5), 205)]),
    dict(file='models/keras_st_cnn_utils.py', model='model_architecture()', name='model_architecture',
         build=cnn_utils_architecture, summary_source=None,
         summary_note='a factory function with a default input_shape=(210, 160, 5); no published summary; formulas only',
         published=(14179841, 14179841, 0), published_layers=None),  # not published: the hand total, as a guard
]


def entries():
    out = []
    for spec in SPECS:
        t = spec['build']()
        check(spec, t)
        rows = t.rows
        total = sum(r['params'] for r in rows)
        non_trainable = sum(r.get('non_trainable', 0) for r in rows)
        e = {'file': spec['file'], 'model': spec['model'], 'input': t.input, 'name': spec['name'],
             'framework': 'keras', 'total_params': total, 'trainable_params': total - non_trainable,
             'non_trainable_params': non_trainable, 'output': rows[-1]['output'],
             'macs': sum(r.get('macs', 0) for r in rows), 'summary_source': spec['summary_source'],
             **({'summary_note': spec['summary_note']} if spec.get('summary_note') else {}),
             'layers': rows}
        out.append(e)
    return out


def check(spec, t):
    rows = t.rows
    total = sum(r['params'] for r in rows)
    nt = sum(r.get('non_trainable', 0) for r in rows)
    pub = spec['published']
    assert (total, total - nt, nt) == pub, (spec['file'], spec['model'], (total, total - nt, nt), pub)
    if spec.get('published_layers'):
        mine = [(r['type'], tuple(r['output'][1:]), r['params']) for r in rows]
        assert mine == [tuple(x) for x in spec['published_layers']], (spec['model'], mine)
    if spec.get('published_params_multiset'):
        # the published layers' params (InputLayer left out), compared as a multiset because the summary
        # lists layers in topological order and these rows are in source order
        pubs = sorted(spec['published_params_multiset'])
        mine = sorted(r['params'] for r in rows)
        assert mine == pubs, (spec['model'], mine, pubs)


if __name__ == '__main__':
    for e in entries():
        print(f"{e['file']:36} {e['model']:14} total {e['total_params']:>9,} (non-trainable {e['non_trainable_params']:,}) "
              f"out {e['output']} layers {len(e['layers'])}  {'checked against ' + e['summary_source'].split(' ')[0] if e['summary_source'] else 'no published summary'}")
