// Generates large, realistic Python sources (models, literals, docstrings) for the analysis and editor benchmarks.

/** About `lines` lines of Python with nn.Module classes, Sequentials and NumPy literals. */
export function syntheticPython(lines: number): string {
  const blocks: string[] = [
    'import numpy as np',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
  ];
  let k = 0;
  while (blocks.length < lines) {
    blocks.push(
      `class Net${k}(nn.Module):`,
      `    """Model ${k}: the docstring mentions nn.Conv2d(3, 6, 5) and [[1, 2], [3, 4]] but is text."""`,
      '    def __init__(self, num_classes=10):',
      '        super().__init__()',
      '        self.conv1 = nn.Conv2d(3, 6, 5)',
      '        self.pool = nn.MaxPool2d(2, 2)',
      '        self.conv2 = nn.Conv2d(6, 16, 5)',
      '        self.fc1 = nn.Linear(16 * 5 * 5, 120)',
      '        self.fc2 = nn.Linear(120, num_classes)',
      '',
      '    def forward(self, x):',
      '        x = self.pool(F.relu(self.conv1(x)))',
      '        x = self.pool(F.relu(self.conv2(x)))',
      '        x = x.view(-1, 16 * 5 * 5)',
      '        x = F.relu(self.fc1(x))',
      '        return self.fc2(x)',
      '',
      `block${k} = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))`,
      `image${k} = np.array([[1, 2, 3, 0], [4, 5, 6, 1], [7, 8, 9, 2]], dtype=np.float32)`,
      `kernel${k} = [[1/16, 2/16, 1/16], [2/16, 4/16, 2/16], [1/16, 2/16, 1/16]]`,
      `print(image${k}[0][1], "[[not, a, literal]]")  # [[1, 2]]`,
      '',
    );
    k++;
  }
  return blocks.slice(0, lines).join('\n') + '\n';
}

/** About `lines` lines of an ordinary training script: data handling, loops, logging, a few models and literals. */
export function syntheticTypicalPython(lines: number): string {
  const head = syntheticPython(60).split('\n');
  const body: string[] = [];
  let k = 0;
  while (head.length + body.length < lines) {
    body.push(
      `def train_epoch_${k}(model, loader, optimizer, device="cpu"):`,
      '    """Runs one epoch and returns the mean loss."""',
      '    model.train()',
      '    total, count = 0.0, 0',
      '    for step, (images, labels) in enumerate(loader):',
      '        images, labels = images.to(device), labels.to(device)',
      '        optimizer.zero_grad()',
      '        loss = F.cross_entropy(model(images), labels)',
      '        loss.backward()',
      '        optimizer.step()',
      '        total += loss.item() * images.size(0)',
      '        count += images.size(0)',
      '        if step % 100 == 0:',
      `            print(f"epoch ${k} step {step}: loss {loss.item():.4f}")`,
      '    return total / max(count, 1)',
      '',
    );
    k++;
  }
  return [...head, ...body].slice(0, lines).join('\n') + '\n';
}
