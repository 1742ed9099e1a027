// fused.cl mirrors the CPU's Fused class (CpuBackend.SquaredLossBackward, SgdUpdate and AdamUpdate): the
// small fused kernels a training step leans on, one work-item per element.

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

// torch 1.13's Adam step for one element, in the CPU's order of operations. The host computes the scalars
// (1 − β, the bias-corrected step size, √(1 − β₂ᵗ)), so nothing is read back between steps.
kernel void adam_update(int n, global real* param, global const real* grad, global real* exp_avg,
                        global real* exp_avg_sq, global real* max_exp_avg_sq, int amsgrad,
                        real beta1, real beta2, real one_minus_beta1, real one_minus_beta2, real eps,
                        real weight_decay, real step_size, real correction2_sqrt)
{
    int i = get_global_id(0);
    if (i >= n) return;
    real p = param[i];
    real g = weight_decay != 0 ? grad[i] + p * weight_decay : grad[i];
    real m = exp_avg[i] * beta1 + g * one_minus_beta1;
    real v = exp_avg_sq[i] * beta2 + g * one_minus_beta2 * g;
    exp_avg[i] = m;
    exp_avg_sq[i] = v;
    if (amsgrad) {
        // AMSGrad keeps the largest second moment seen so far (a NaN is kept too, as torch does).
        real largest = max_exp_avg_sq[i];
        v = isnan(v) || v > largest ? v : largest;
        max_exp_avg_sq[i] = v;
    }
    real denominator = sqrt(v) / correction2_sqrt + eps;
    param[i] = p + m * -step_size / denominator;
}

#endif
