window.COMP_GRAPH_PRESETS = [
  {
    "name": "Autograd demo: y = x^2 + 3x",
    "expression": "y = x^2 + 3*x",
    "inputs": {"x": 2.0},
    "note": "The lecture's autograd example: at x = 2 the forward pass gives y = 10 and the backward pass gives dy/dx = 2x + 3 = 7."
  },
  {
    "name": "Neuron with sigmoid",
    "expression": "a = sigmoid(w1*x1 + w2*x2 + b)",
    "inputs": {"w1": 0.2, "x1": 2.0, "w2": -0.5, "x2": 1.0, "b": 0.3},
    "note": "A single neuron: weighted sum z = w1*x1 + w2*x2 + b, then sigmoid; the gradient of every weight is (sigmoid slope) x (its input)."
  },
  {
    "name": "Neuron with tanh",
    "expression": "a = tanh(w1*x1 + w2*x2 + b)",
    "inputs": {"w1": 0.2, "x1": 2.0, "w2": -0.5, "x2": 1.0, "b": 0.3},
    "note": "Same neuron with tanh: its local slope 1 - tanh(z)^2 is 1 at z = 0, four times the sigmoid's best slope of 0.25."
  },
  {
    "name": "Neuron with ReLU",
    "expression": "a = relu(w1*x1 + w2*x2 + b)",
    "inputs": {"w1": 0.4, "x1": 2.0, "w2": 0.1, "x2": 1.0, "b": -0.2},
    "note": "ReLU passes the gradient through unchanged when z > 0 and blocks it completely when z <= 0 (try b = -1)."
  },
  {
    "name": "Neuron with identity (linear)",
    "expression": "a = w1*x1 + w2*x2 + b",
    "inputs": {"w1": 0.2, "x1": 2.0, "w2": -0.5, "x2": 1.0, "b": 0.3},
    "note": "Without an activation the neuron is linear: the gradient of each weight is exactly its input, and the gradient of the bias is 1."
  },
  {
    "name": "2-2-1 network output",
    "expression": "y_hat = sigmoid(v1*relu(w11*x1 + w12*x2 + b1) + v2*relu(w21*x1 + w22*x2 + b2) + c)",
    "inputs": {"x1": 2.0, "x2": 1.0, "w11": 0.2, "w12": -0.5, "b1": 0.3, "w21": 0.4, "w22": 0.1, "b2": -0.2, "v1": 0.5, "v2": 0.4, "c": 0.0},
    "note": "The lecture's tiny network: h1 = relu(0.2) = 0.2, h2 = relu(0.7) = 0.7, z = 0.38 and sigmoid(z) = 0.594; x1 and x2 feed both hidden units, so their gradients add up."
  },
  {
    "name": "MSE loss on the network output",
    "expression": "L = (sigmoid(z) - y)^2",
    "inputs": {"z": 0.38, "y": 1.0},
    "note": "Squared error of the prediction sigmoid(z) = 0.594 against the target y = 1: dL/dz = 2 (prediction - y) x sigmoid slope."
  },
  {
    "name": "Logistic loss (binary cross-entropy)",
    "expression": "L = -(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))",
    "inputs": {"z": 0.38, "y": 1.0},
    "note": "Binary cross-entropy on the logit z: all the sigmoid and log slopes cancel and dL/dz is simply sigmoid(z) - y = -0.406."
  },
  {
    "name": "Cross-entropy of the true class: -log(sigmoid(z))",
    "expression": "L = -log(sigmoid(z))",
    "inputs": {"z": 0.38},
    "note": "The loss when the true label is 1: large when sigmoid(z) is near 0, and its gradient dL/dz = sigmoid(z) - 1 never vanishes for a wrong answer."
  },
  {
    "name": "Fan-out: a variable used twice",
    "expression": "f = x*y + x",
    "inputs": {"x": 2.0, "y": 3.0},
    "note": "x feeds two operations, so its gradient is the sum over both paths: df/dx = y + 1 = 4."
  },
  {
    "name": "Saturated sigmoid (vanishing gradient)",
    "expression": "a = sigmoid(w*x)",
    "inputs": {"w": 5.0, "x": 2.0},
    "note": "At w*x = 10 the sigmoid is flat: its slope is only 0.000045, so almost no gradient reaches w and x; this is the vanishing gradient."
  },
  {
    "name": "Softplus: a smooth ReLU",
    "expression": "s = log(1 + exp(z))",
    "inputs": {"z": 0.38},
    "note": "Softplus log(1 + e^z) is a smooth version of ReLU, and the chain rule shows its derivative is exactly sigmoid(z)."
  },
  {
    "name": "Distance: sqrt, division and powers",
    "expression": "d = sqrt((x1 - x2)^2 + (y1 - y2)^2)",
    "inputs": {"x1": 4.0, "x2": 1.0, "y1": 5.0, "y2": 1.0},
    "note": "The Euclidean distance 5 between (4, 5) and (1, 1): the gradient with respect to a point is the unit vector pointing away from the other point."
  }
];
