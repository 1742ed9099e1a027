// conv.cl mirrors the CPU's Convolution class (CpuBackend.Conv2d, Conv2dInputGrad, Conv2dWeightGrad): torch's
// conv2d over an NCHW batch — a cross-correlation with weight (O, C, kh, kw), one stride s and zero padding p
// on both axes — and its two gradients. The sizes arrive as plain ints; OH and OW are derived here as the host
// derives them, ⌊(H + 2p − kh)/s⌋ + 1.

#ifndef REAL_INT

#define CONV_ARGS int N, int C, int H, int W, int O, int KH, int KW, int S, int P
#define OUT_H ((H + 2 * P - KH) / S + 1)
#define OUT_W ((W + 2 * P - KW) / S + 1)

// The forward pass, one work-item per output element (n, o, i, j), j fastest so neighbouring work-items read
// neighbouring input columns and write neighbouring outputs: y = bias[o] + Σ w[o, c, a, b] · x[n, c, h, v].
kernel void conv2d_forward(CONV_ARGS, global const real* x, global const real* w, global const real* bias,
                           int has_bias, global real* y)
{
    int OH = OUT_H, OW = OUT_W;
    int index = get_global_id(0);
    if (index >= N * O * OH * OW) return;
    int j = index % OW;
    int i = (index / OW) % OH;
    int o = (index / (OW * OH)) % O;
    int n = index / (OW * OH * O);
    real sum = has_bias ? bias[o] : (real)0;
    for (int c = 0; c < C; c++) {
        global const real* plane = x + (n * C + c) * H * W;
        global const real* kernel_ = w + (o * C + c) * KH * KW;
        for (int a = 0; a < KH; a++) {
            int h = i * S + a - P;
            if (h < 0 || h >= H) continue;
            for (int b = 0; b < KW; b++) {
                int v = j * S + b - P;
                if (v >= 0 && v < W) sum += kernel_[a * KW + b] * plane[h * W + v];
            }
        }
    }
    y[index] = sum;
}

// The input gradient, one work-item per input element (n, c, h, v): the sum over every output (i, j) whose window
// reads it, i·s + a − p = h and j·s + b − p = v, of gy[n, o, i, j] · w[o, c, a, b]. Gathering instead of
// scattering: no two work-items write the same element, so no atomics and a fixed order of additions. Only the
// taps a ≡ h + p (mod s) land on an output row, so a starts there and steps by s: no division in the loops.
kernel void conv2d_input_grad(CONV_ARGS, global const real* gy, global const real* w, global real* gx)
{
    int OH = OUT_H, OW = OUT_W;
    int index = get_global_id(0);
    if (index >= N * C * H * W) return;
    int v = index % W;
    int h = (index / W) % H;
    int c = (index / (W * H)) % C;
    int n = index / (W * H * C);
    int a_first = (h + P) % S, b_first = (v + P) % S;
    real sum = 0;
    for (int o = 0; o < O; o++) {
        global const real* grad = gy + (n * O + o) * OH * OW;
        global const real* kernel_ = w + (o * C + c) * KH * KW;
        for (int a = a_first; a < KH; a += S) {
            int i = (h + P - a) / S;
            if (i < 0 || i >= OH) continue;
            for (int b = b_first; b < KW; b += S) {
                int j = (v + P - b) / S;
                if (j >= 0 && j < OW) sum += grad[i * OW + j] * kernel_[a * KW + b];
            }
        }
    }
    gx[index] = sum;
}

// The weight gradient, one work-group per weight element (o, c, a, b): a sum over N·OH·OW products, far longer
// than the number of weights. The lanes share out the output rows (n, i); each walks its row's columns j, which
// read neighbouring addresses; then the lanes fold their partial sums pairwise in local memory.
kernel void conv2d_weight_grad(CONV_ARGS, global const real* x, global const real* gy, global real* gw,
                               local real* partial)
{
    int OH = OUT_H, OW = OUT_W;
    int weight = get_group_id(0);
    int lane = get_local_id(0);
    int lanes = get_local_size(0);
    int b = weight % KW;
    int a = (weight / KW) % KH;
    int c = (weight / (KW * KH)) % C;
    int o = weight / (KW * KH * C);
    // the columns j whose tap b lands inside the input row: 0 ≤ j·s + b − p < W
    int j_first = max(0, (P - b + S - 1) / S);
    int j_end = min(OW, (W - 1 + P - b) >= 0 ? (W - 1 + P - b) / S + 1 : 0);
    real sum = 0;
    for (int row = lane; row < N * OH; row += lanes) {
        int n = row / OH, i = row % OH;
        int h = i * S + a - P;
        if (h < 0 || h >= H) continue;
        global const real* grad = gy + ((n * O + o) * OH + i) * OW;
        global const real* input = x + ((n * C + c) * H + h) * W + b - P;
        for (int j = j_first; j < j_end; j++) sum += grad[j] * input[j * S];
    }
    partial[lane] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = lanes / 2; stride > 0; stride /= 2) {
        if (lane < stride) partial[lane] += partial[lane + stride];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lane == 0) gw[weight] = partial[0];
}

// im2col, as the CPU's Convolution.Im2Col but for the whole batch at once: the (C·kh·kw) × (N·OH·OW) matrix
// whose column (n, i, j) holds the window of output (i, j) of image n, zero where the window hangs over the
// padding. One work-item per matrix row segment (row (c, a, b), image n, output row i) writes its OW columns, so
// the index arithmetic is paid once per segment, not per element. The forward pass is then one matrix product
// W · cols (matmul.cl).
kernel void conv2d_im2col(CONV_ARGS, global const real* x, global real* columns)
{
    int OH = OUT_H, OW = OUT_W;
    int index = get_global_id(0);
    if (index >= C * KH * KW * N * OH) return;
    int i = index % OH, n = (index / OH) % N, row = index / (OH * N);
    int b = row % KW, a = (row / KW) % KH, c = row / (KW * KH);
    int h = i * S + a - P;
    global real* out = columns + (row * N + n) * OH * OW + i * OW;
    global const real* in = x + ((n * C + c) * H + h) * W;
    for (int j = 0; j < OW; j++) {
        int v = j * S + b - P;
        out[j] = h >= 0 && h < H && v >= 0 && v < W ? in[v] : (real)0;
    }
}

// col2im as a gather, one work-item per input element (n, c, h, v): the sum of the entries of the gradient's
// columns that were read from it — the taps a ≡ h + p (mod s), as in conv2d_input_grad.
kernel void conv2d_col2im(CONV_ARGS, global const real* columns, global real* gx)
{
    int OH = OUT_H, OW = OUT_W;
    int width = N * OH * OW;
    int index = get_global_id(0);
    if (index >= N * C * H * W) return;
    int v = index % W;
    int h = (index / W) % H;
    int c = (index / (W * H)) % C;
    int n = index / (W * H * C);
    real sum = 0;
    for (int a = (h + P) % S; a < KH; a += S) {
        int i = (h + P - a) / S;
        if (i < 0 || i >= OH) continue;
        for (int b = (v + P) % S; b < KW; b += S) {
            int j = (v + P - b) / S;
            if (j >= 0 && j < OW) sum += columns[((c * KH + a) * KW + b) * width + (n * OH + i) * OW + j];
        }
    }
    gx[index] = sum;
}

// The product W · cols is O × (N·OH·OW), one row per output channel; the output is NCHW: y[n, o, p] = rows[o, n·P
// + p] + bias[o], one work-item per output element.
kernel void conv2d_rows_to_output(CONV_ARGS, global const real* rows, global const real* bias, int has_bias,
                                  global real* y)
{
    int positions = OUT_H * OUT_W;
    int index = get_global_id(0);
    if (index >= N * O * positions) return;
    int p = index % positions, o = (index / positions) % O, n = index / (positions * O);
    y[index] = rows[(o * N + n) * positions + p] + (has_bias ? bias[o] : (real)0);
}

// The reverse: the NCHW output gradient as O × (N·OH·OW) rows, for the product Wᵀ · gY.
kernel void conv2d_output_to_rows(CONV_ARGS, global const real* gy, global real* rows)
{
    int positions = OUT_H * OUT_W;
    int index = get_global_id(0);
    if (index >= N * O * positions) return;
    int p = index % positions, o = (index / positions) % O, n = index / (positions * O);
    rows[(o * N + n) * positions + p] = gy[index];
}

#endif
