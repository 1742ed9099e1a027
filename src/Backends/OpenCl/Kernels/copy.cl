// copy.cl mirrors CpuBackend.Fill, CpuBackend.Copy and CpuBackend.Cast (and the zeroing of Allocate).
// One work-item per output element; the host rounds the global size up, so every kernel checks `n`.

// Fill: y[i] = value. (A kernel rather than clEnqueueFillBuffer, which Oclgrind's checker mistracks.)
kernel void fill(int n, global real* y, real value)
{
    int i = get_global_id(0);
    if (i < n) y[i] = value;
}

// Copy: y[i] = x[offset + Σ coordinate·stride], the general gather behind transpose, permute and expand.
kernel void copy_strided(int n, int rank, int8 shape8, int8 strides8, int offset,
                         global const real* x, global real* y)
{
    int i = get_global_id(0);
    if (i >= n) return;
    UNPACK8(shape8, shape);
    UNPACK8(strides8, strides);
    y[i] = x[offset + offset_of(i, rank, shape, strides)];
}

// Copy over a layout of at most three dimensions: a 3-D range of (columns, rows, planes) and no division, as
// elementwise.cl's binary kernels.
kernel void copy_grid(int cols, int rows, int planes, int s0, int s1, int s2, int offset,
                      global const real* x, global real* y)
{
    int c = get_global_id(0), r = get_global_id(1), p = get_global_id(2);
    if (c >= cols || r >= rows || p >= planes) return;
    y[(p * rows + r) * cols + c] = x[offset + p * s2 + r * s1 + c * s0];
}

// Cast: y = x converted to y's type. Float to int rounds toward zero and saturates (NaN becomes 0),
// as C#'s (int) conversion does since .NET 9; the other conversions round to nearest even.
kernel void cast_to_float(int n, global const real* x, global float* y)
{
    int i = get_global_id(0);
    if (i < n) y[i] = convert_float(x[i]);
}

kernel void cast_to_int(int n, global const real* x, global int* y)
{
    int i = get_global_id(0);
    if (i < n) y[i] = convert_int_sat_rtz(x[i]);
}

#ifdef HAS_FP64
kernel void cast_to_double(int n, global const real* x, global double* y)
{
    int i = get_global_id(0);
    if (i < n) y[i] = convert_double(x[i]);
}
#endif
