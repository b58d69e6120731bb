// The engine's net executor: traced models become plans, gradients of every op match finite differences, limits and refusals.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { traceGraphs } from '../../src/analysis/graphTrace';
import { netPlanOf } from '../../src/analysis/netPlan';
import { backwardNet, forwardNet } from '../../src/engine/net/execute';
import { initParams, type NetParams } from '../../src/engine/net/params';
import type { NetPlan } from '../../src/engine/net/plan';
import { random } from '../../src/engine/random';
import { tensor, type Tensor } from '../../src/engine/tensor';
import { setEngineBackend } from '../../src/engine/wasm/wasmRuntime';

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n';

/** The plan of the last model in `body` traced with `input`, or the refusal's message. */
function planOf(body: string, input: number[]): NetPlan {
  const models = traceGraphs(HEADER + body, { defaultInputShape: input, inputOverride: input });
  const planned = netPlanOf(models[models.length - 1]!);
  if ('refusal' in planned) throw new Error(planned.refusal.message);
  return planned.plan;
}

function refusalOf(body: string, input: number[]): string {
  const models = traceGraphs(HEADER + body, { defaultInputShape: input, inputOverride: input });
  const planned = netPlanOf(models[models.length - 1]!);
  assert.ok('refusal' in planned, 'expected a refusal');
  return planned.refusal.message;
}

function randomInput(shape: number[], seed: number): Tensor {
  const rand = random(seed);
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rand() * 2 - 1;
  return t;
}

/** Loss Σ out·R (R fixed random): checks dL/dparam of every trainable parameter at a few entries by central differences. */
function checkGradients(plan: NetPlan, x: Tensor, what: string, params: NetParams = initParams(plan, 3)): void {
  const outSize = forwardNet(plan, params, x, { train: true }).output.data.length;
  const r = randomInput([outSize], 11).data;
  const loss = (): number => {
    const y = forwardNet(plan, params, x, { train: true }).output.data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i]! * r[i]!;
    return s;
  };
  const run = forwardNet(plan, params, x, { train: true });
  const grads = backwardNet(plan, params, run, r);
  assert.ok(grads.size > 0, `${what}: no gradients`);
  const pick = random(5);
  for (const [name, g] of grads) {
    const w = params.tensors.get(name)!.data;
    for (let k = 0; k < Math.min(6, w.length); k++) {
      const i = Math.floor(pick() * w.length);
      const h = 1e-6;
      const keep = w[i]!;
      w[i] = keep + h;
      const up = loss();
      w[i] = keep - h;
      const down = loss();
      w[i] = keep;
      const numeric = (up - down) / (2 * h);
      const err = Math.abs(numeric - g[i]!);
      assert.ok(
        err <= 1e-5 + 1e-4 * Math.abs(numeric),
        `${what}: d/d${name}[${i}] analytic ${g[i]!} vs numeric ${numeric}`,
      );
    }
  }
}

/** Each case: a model whose first layer has weights, so its gradient also checks every later op's input gradient. */
const GRADIENT_CASES: readonly [string, string, number[]][] = [
  [
    'conv (stride, padding, dilation, groups), max pool, relu, flatten, linear',
    `model = nn.Sequential(nn.Conv2d(2, 4, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=2, dilation=2, groups=2),
    nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 3))`,
    [2, 2, 9, 9],
  ],
  [
    'asymmetric same padding, avg pool with ceil mode, adaptive max and avg pools',
    `model = nn.Sequential(nn.Conv2d(1, 3, 4, padding="same"), nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    nn.Conv2d(3, 3, 1), nn.AdaptiveMaxPool2d((2, 3)), nn.Conv2d(3, 2, 1), nn.AdaptiveAvgPool2d(1))`,
    [2, 1, 7, 8],
  ],
  [
    'activations',
    `model = nn.Sequential(nn.Linear(5, 6), nn.LeakyReLU(0.2), nn.Linear(6, 6), nn.ELU(0.7), nn.Linear(6, 6), nn.GELU(),
    nn.Linear(6, 6), nn.SiLU(), nn.Linear(6, 6), nn.Mish(), nn.Linear(6, 6), nn.Softplus(beta=2), nn.Linear(6, 6), nn.Tanh(),
    nn.Linear(6, 6), nn.Sigmoid(), nn.Linear(6, 6), nn.SELU(), nn.Linear(6, 6), nn.Hardswish(), nn.Linear(6, 6), nn.CELU(),
    nn.Linear(6, 6), nn.Softsign(), nn.Linear(6, 6), nn.LogSigmoid(), nn.Linear(6, 4), nn.LogSoftmax(dim=1))`,
    [3, 5],
  ],
  [
    'softmax, softmin, prelu',
    `model = nn.Sequential(nn.Linear(4, 6), nn.PReLU(), nn.Linear(6, 5), nn.Softmin(dim=1), nn.Linear(5, 3), nn.Softmax(dim=1))`,
    [2, 4],
  ],
  [
    'batch norm in train mode, group, instance and layer norm',
    `model = nn.Sequential(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4), nn.Conv2d(4, 4, 1), nn.GroupNorm(2, 4),
    nn.Conv2d(4, 4, 1), nn.InstanceNorm2d(4, affine=True), nn.LayerNorm([4, 3, 3]), nn.Flatten(), nn.Linear(36, 2), nn.BatchNorm1d(2))`,
    [3, 2, 5, 5],
  ],
  [
    'residual add, mul gate, cat, permute',
    `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3, padding=1)
        self.b = nn.Conv2d(4, 4, 1)
        self.g = nn.Conv2d(4, 4, 1)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        y = self.a(x)
        z = F.relu(self.b(y) + y) * torch.sigmoid(self.g(y))
        z = torch.cat([z, y - z], 1)
        return self.fc(z.permute(0, 2, 3, 1))


model = Net()`,
    [2, 3, 3, 4],
  ],
  [
    'upsampling (nearest, bilinear), pixel shuffle, padding, conv1d, pool1d, div',
    `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(2, 8, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.bi = nn.Upsample(size=(7, 9), mode="bilinear", align_corners=False)
        self.ps = nn.PixelShuffle(2)
        self.pad = nn.ConstantPad2d((1, 0, 2, 1), 0.5)
        self.c1 = nn.Conv1d(2, 3, 3, padding=1)
        self.p1 = nn.MaxPool1d(2)

    def forward(self, x):
        y = self.ps(self.bi(self.up(self.c(x))))
        y = self.pad(y)
        y = torch.flatten(y, 2)
        y = self.p1(self.c1(y))
        return y / (torch.sigmoid(y) + y)


model = Net()`,
    [1, 2, 3, 4],
  ],
];

test('gradients of every op with a backward pass match finite differences', () => {
  // Central differences need float64 losses: the TypeScript kernels (WebAssembly ones run in float32).
  setEngineBackend('ts');
  try {
    for (const [what, body, shape] of GRADIENT_CASES) checkGradients(planOf(body, shape), randomInput(shape, 7), what);
  } finally {
    setEngineBackend('wasm');
  }
});

test('PyTorch default initialisation: U(±1/√fan_in) for conv and linear, norms start at weight 1, bias 0, variance 1', () => {
  const plan = planOf(
    'model = nn.Sequential(nn.Conv2d(3, 8, 5, groups=1), nn.BatchNorm2d(8), nn.Flatten(), nn.Linear(8 * 4 * 4, 10))',
    [1, 3, 8, 8],
  );
  const p = initParams(plan, 1);
  const conv = p.tensors.get('0.weight')!;
  assert.deepEqual(conv.shape, [8, 3, 5, 5]);
  const bound = 1 / Math.sqrt(75);
  const maxAbs = Math.max(...Array.from(conv.data, Math.abs));
  assert.ok(maxAbs <= bound && maxAbs > 0.9 * bound, `conv weights reach ${maxAbs}, bound ${bound}`);
  assert.ok(Math.max(...Array.from(p.tensors.get('0.bias')!.data, Math.abs)) <= bound);
  assert.deepEqual([...p.tensors.get('1.weight')!.data], new Array<number>(8).fill(1));
  assert.deepEqual([...p.tensors.get('1.running_var')!.data], new Array<number>(8).fill(1));
  assert.ok(!p.trainable.has('1.running_mean') && p.trainable.has('1.bias'));
  assert.ok(Math.max(...Array.from(p.tensors.get('3.weight')!.data, Math.abs)) <= 1 / Math.sqrt(128));
  // Seeded: the same seed gives the same weights, another seed others.
  assert.deepEqual([...initParams(plan, 1).tensors.get('0.weight')!.data], [...conv.data]);
  assert.notDeepEqual([...initParams(plan, 2).tensors.get('0.weight')!.data], [...conv.data]);
});

test('a module called twice shares its parameters, as in PyTorch', () => {
  const plan = planOf(
    `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(F.relu(self.fc(x)))


model = Net()`,
    [2, 4],
  );
  const p = initParams(plan);
  assert.deepEqual([...p.tensors.keys()], ['fc.weight', 'fc.bias']);
  setEngineBackend('ts');
  try {
    checkGradients(plan, randomInput([2, 4], 3), 'shared linear', p);
  } finally {
    setEngineBackend('wasm');
  }
});

test('what the graph does not hold is refused by name, never skipped', () => {
  assert.match(
    refusalOf(
      `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(x) * 2


model = Net()`,
      [1, 4],
    ),
    /\* 2.*line 11/,
  );
  assert.match(refusalOf('model = nn.Sequential(nn.Linear(4, 4), nn.LPPool1d(2, 2))', [1, 4, 4]), /LPPool1d|1/);
  assert.match(
    refusalOf(
      `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(x).abs()


model = Net()`,
      [1, 4],
    ),
    /abs/,
  );
  assert.match(
    refusalOf('model = nn.Sequential(nn.Conv2d(3, 4, 3, padding_mode="reflect"))', [1, 3, 8, 8]),
    /padding_mode/,
  );
});

test('a batch of another size runs when every step keeps the batch axis', () => {
  const plan = planOf('model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(8, 3))', [1, 1, 4, 4]);
  const p = initParams(plan);
  const one = forwardNet(plan, p, randomInput([1, 1, 4, 4], 1)).output;
  const x = randomInput([3, 1, 4, 4], 2);
  x.data.set(randomInput([1, 1, 4, 4], 1).data, 16);
  const three = forwardNet(plan, p, x).output;
  assert.deepEqual(three.shape, [3, 3]);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(three.data[3 + i]! - one.data[i]!) < 1e-12);
});
