# convlens-corpus: source=overfitover/module_collection/utils_torch/Net/torch_net_1.py commit=bc363ff295e10369de7024d3ddb349a7a218cb85 license=none stated
import torch.nn as nn
import torch.nn.functional as F

class Model(nn.Module):
    def __init__(self):
        super(Model, self).__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 20, 5)
        self.add_module("conv", nn.Conv2d(20, 10, 4))
    def forward(self, x):
        x = F.relu(self.conv1(x))
        return F.relu(self.conv2(x))

model = Model()

for sub_module in model.children():
    print(sub_module)