# convlens-corpus: source=Venkatasmali28/Rock_classification_Analysis/backend/models/unet.py commit=a1b64bda6b5b91e476df5cc3010ea068e35f3022 license=none stated



import torch
import torch.nn as nn

class DoubleConv(nn.Module):
    def __init__(self, in_ch, out_ch):
        super().__init__()
        self.seq = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, 3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_ch, out_ch, 3, padding=1),
            nn.ReLU(inplace=True)
        )
    def forward(self, x):
        return self.seq(x)

class UNet(nn.Module):
    def __init__(self, in_channels=3, out_channels=1):
        super().__init__()
        self.down1 = DoubleConv(in_channels, 64)
        self.pool1 = nn.MaxPool2d(2)
        self.down2 = DoubleConv(64, 128)
        self.pool2 = nn.MaxPool2d(2)
        self.down3 = DoubleConv(128, 256)
        self.pool3 = nn.MaxPool2d(2)
        self.bottleneck = DoubleConv(256, 512)
        self.up3 = nn.ConvTranspose2d(512, 256, 2, stride=2)
        self.conv3 = DoubleConv(512, 256)
        self.up2 = nn.ConvTranspose2d(256, 128, 2, stride=2)
        self.conv2 = DoubleConv(256, 128)
        self.up1 = nn.ConvTranspose2d(128, 64, 2, stride=2)
        self.conv1 = DoubleConv(128, 64)
        self.out_conv = nn.Conv2d(64, out_channels, 1)
    def forward(self, x):
        d1 = self.down1(x)
        p1 = self.pool1(d1)
        d2 = self.down2(p1)
        p2 = self.pool2(d2)
        d3 = self.down3(p2)
        p3 = self.pool3(d3)
        bn = self.bottleneck(p3)
        u3 = self.up3(bn)
        concat3 = torch.cat([u3, d3], dim=1)
        conv3 = self.conv3(concat3)
        u2 = self.up2(conv3)
        concat2 = torch.cat([u2, d2], dim=1)
        conv2 = self.conv2(concat2)
        u1 = self.up1(conv2)
        concat1 = torch.cat([u1, d1], dim=1)
        conv1 = self.conv1(concat1)
        out = self.out_conv(conv1)
        return out
