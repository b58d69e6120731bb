# convlens-corpus: source=JEONGGIHYUN/JGH/keras/keras35_cnn01.py commit=4ba3795d9eb3a6f55073c90732040370f30e61a4 license=none stated
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Conv2D


model = Sequential()
model.add(Conv2D(10, (2,2), input_shape=(5, 5, 1)))
model.add(Conv2D(5, (2, 2)))

model.summary()
# _________________________________________________________________
#  Layer (type)                Output Shape              Param #   
# =================================================================
#  conv2d (Conv2D)             (None, 4, 4, 10)          50        

#  conv2d_1 (Conv2D)           (None, 3, 3, 5)           205       

# =================================================================
# Total params: 255
# Trainable params: 255
# Non-trainable params: 0
# _________________________________________________________________










