// losses.cl mirrors CpuBackend.SquaredLossBackward and CpuBackend.SgdUpdate: the small fused kernels
// a training step leans on, one work-item per element.

#ifndef REAL_INT

// d2l's squared_loss (ŷ − y)²/2 differentiated by ŷ, times the upstream gradient: g·(ŷ − y).
kernel void squared_loss_backward(int n, global const real* y_hat, global const real* y,
                                  global const real* upstream, global real* grad)
{
    int i = get_global_id(0);
    if (i < n) grad[i] = upstream[i] * (y_hat[i] - y[i]);
}

// d2l's sgd: param ← param − lr · grad, in place.
kernel void sgd_update(int n, global real* param, global const real* grad, real lr)
{
    int i = get_global_id(0);
    if (i < n) param[i] -= lr * grad[i];
}

#endif
