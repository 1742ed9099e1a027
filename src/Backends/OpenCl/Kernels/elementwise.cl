// elementwise.cl mirrors CpuBackend.Unary, CpuBackend.Binary and CpuBackend.Where.
// One work-item per output element. The op codes follow the order of the C# enums UnaryOp and
// BinaryOp (Lessons.Backends.Ops).
//
// Each op has a kernel of its own (unary_exp, binary_add, ...), made by a macro that calls apply_unary or
// apply_binary with the op as a constant, so the compiler folds the switch away. That matters on a CPU device:
// POCL runs a work-group as a loop over its work-items and turns that loop into SIMD code only when the body is
// simple; with the op's switch inside, it ran the loop one element at a time (a `unary` kernel that took the op
// as an argument spent 2.6 ns an element on 7,840 floats; unary_mulscalar spends 0.4, fixed costs included).
// The generic `binary` kernel, with the op as an argument, stays for layouts of more than three dimensions.

#ifndef REAL_INT

enum unary_op {
    NEG, EXP, LOG, LOG1P, ABS, SQRT, SQUARE, RECIPROCAL, RELU, SIGMOID, TANH, SIGN,
    ADD_SCALAR, MUL_SCALAR, DIV_SCALAR, POW_SCALAR, CLAMP, IN_RANGE, GREATER_SCALAR, LESS_SCALAR, EQUAL_SCALAR,
    SIN, COS, LEAKY_RELU, SOFTPLUS
};

inline real sigmoid(real x)
{
    // Both branches only ever take exp of a non-positive number, so neither overflows.
    if (x >= 0) return 1 / (1 + exp(-x));
    real e = exp(x);
    return e / (1 + e);
}

// torch's softplus with beta 1 and threshold 20: x itself above the threshold, else log1p(eˣ), which keeps
// the digits of a tiny eˣ.
inline real softplus(real x) { return x > 20 ? x : log1p(exp(x)); }

// xᵅ, with the exponents torch computes exactly (rather than through exp(α·ln x)) done the same way.
inline real power_scalar(real x, real alpha)
{
    if (alpha == 2) return x * x;
    if (alpha == 1) return x;
    if (alpha == 0.5) return sqrt(x);
    if (alpha == -1) return 1 / x;
    return pow(x, alpha);
}

inline real apply_unary(int op, real x, real alpha, real beta)
{
    switch (op) {
        case NEG: return -x;
        case EXP: return exp(x);
        case LOG: return log(x);
        case LOG1P: return log1p(x);
        case ABS: return fabs(x);
        case SQRT: return sqrt(x);
        case SQUARE: return x * x;
        case RECIPROCAL: return 1 / x;
        case RELU: return x > 0 || isnan(x) ? x : 0;
        case SIGMOID: return sigmoid(x);
        case TANH: return tanh(x);
        case SIGN: return x > 0 ? 1 : x < 0 ? -1 : x; // sign(±0) = ±0, sign(NaN) = NaN
        case ADD_SCALAR: return x + alpha;
        case MUL_SCALAR: return x * alpha;
        case DIV_SCALAR: return x / alpha;
        case POW_SCALAR: return power_scalar(x, alpha);
        case CLAMP: return x < alpha ? alpha : x > beta ? beta : x; // NaN stays NaN
        case IN_RANGE: return alpha <= x && x <= beta ? 1 : 0;
        case GREATER_SCALAR: return x > alpha ? 1 : 0;
        case LESS_SCALAR: return x < alpha ? 1 : 0;
        case EQUAL_SCALAR: return x == alpha ? 1 : 0;
        case SIN: return sin(x);
        case COS: return cos(x);
        case LEAKY_RELU: return x > 0 || isnan(x) ? x : x * alpha;
        case SOFTPLUS: return softplus(x);
        default: return NAN;
    }
}

// Unary: y = op(x), both contiguous and of the same length.
#define UNARY_KERNEL(name, op)                                                                          \
    kernel void unary_##name(int n, global const real* x, global real* y, real alpha, real beta)        \
    {                                                                                                   \
        int i = get_global_id(0);                                                                       \
        if (i < n) y[i] = apply_unary(op, x[i], alpha, beta);                                           \
    }

// The kernels' names are the C# enum's names in lower case.
UNARY_KERNEL(neg, NEG) UNARY_KERNEL(exp, EXP) UNARY_KERNEL(log, LOG) UNARY_KERNEL(log1p, LOG1P)
UNARY_KERNEL(abs, ABS) UNARY_KERNEL(sqrt, SQRT) UNARY_KERNEL(square, SQUARE)
UNARY_KERNEL(reciprocal, RECIPROCAL) UNARY_KERNEL(relu, RELU) UNARY_KERNEL(sigmoid, SIGMOID)
UNARY_KERNEL(tanh, TANH) UNARY_KERNEL(sign, SIGN) UNARY_KERNEL(addscalar, ADD_SCALAR)
UNARY_KERNEL(mulscalar, MUL_SCALAR) UNARY_KERNEL(divscalar, DIV_SCALAR) UNARY_KERNEL(powscalar, POW_SCALAR)
UNARY_KERNEL(clamp, CLAMP) UNARY_KERNEL(inrange, IN_RANGE) UNARY_KERNEL(greaterscalar, GREATER_SCALAR)
UNARY_KERNEL(lessscalar, LESS_SCALAR) UNARY_KERNEL(equalscalar, EQUAL_SCALAR) UNARY_KERNEL(sin, SIN)
UNARY_KERNEL(cos, COS) UNARY_KERNEL(leakyrelu, LEAKY_RELU) UNARY_KERNEL(softplus, SOFTPLUS)

#endif

enum binary_op {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL,
    SIGMOID_BACKWARD
};

// aᵇ is computed in double where the device has it (as the CPU does with Math.Pow), then rounded back;
// an int result saturates.
#ifdef HAS_FP64
#define POW_WIDE(a, b) pow((double)(a), (double)(b))
#else
#define POW_WIDE(a, b) pow((float)(a), (float)(b))
#endif

#ifdef REAL_INT
// Integers truncate. The host refuses a zero divisor before launch (as the CPU throws); the guards only
// keep the device from trapping.
inline int divide(int a, int b) { return b == 0 ? 0 : (a == INT_MIN && b == -1) ? INT_MIN : a / b; }
inline int power(int a, int b) { return convert_int_sat_rtz(POW_WIDE(a, b)); }
#else
inline real divide(real a, real b) { return a / b; }
inline real power(real a, real b) { return (real)POW_WIDE(a, b); }
#endif

inline real apply_binary(int op, real a, real b)
{
    switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case DIV: return divide(a, b);
        case POW: return power(a, b);
        case MAXIMUM: return max_nan(a, b);
        case MINIMUM: return min_nan(a, b);
        case EQUAL: return a == b ? 1 : 0;
        case NOT_EQUAL: return a != b ? 1 : 0;
        case LESS: return a < b ? 1 : 0;
        case LESS_EQUAL: return a <= b ? 1 : 0;
        case GREATER: return a > b ? 1 : 0;
        case GREATER_EQUAL: return a >= b ? 1 : 0;
        case SIGMOID_BACKWARD: return a * (1 - b) * b;
        default: return 0;
    }
}

// Binary over a layout of at most three dimensions (after the host merged what it could): a 3-D range of
// (columns, rows, planes), so each input's offset is a sum of coordinates times strides, with no division or
// modulo. The common layouts of a training step are all of this kind: same shape (one dimension), a row or a
// column broadcast over a matrix (two), a bias over channels (three).
#define BINARY_KERNEL(name, op)                                                                         \
    kernel void binary_##name(int cols, int rows, int planes, int a0, int a1, int a2, int b0, int b1,   \
                              int b2, global const real* a, global const real* b, global real* y)       \
    {                                                                                                   \
        int c = get_global_id(0), r = get_global_id(1), p = get_global_id(2);                           \
        if (c >= cols || r >= rows || p >= planes) return;                                              \
        real x = a[p * a2 + r * a1 + c * a0];                                                           \
        y[(p * rows + r) * cols + c] = apply_binary(op, x, b[p * b2 + r * b1 + c * b0]);                \
    }

BINARY_KERNEL(add, ADD) BINARY_KERNEL(sub, SUB) BINARY_KERNEL(mul, MUL) BINARY_KERNEL(div, DIV)
BINARY_KERNEL(pow, POW) BINARY_KERNEL(maximum, MAXIMUM) BINARY_KERNEL(minimum, MINIMUM)
BINARY_KERNEL(equal, EQUAL) BINARY_KERNEL(notequal, NOT_EQUAL) BINARY_KERNEL(less, LESS)
BINARY_KERNEL(lessequal, LESS_EQUAL) BINARY_KERNEL(greater, GREATER) BINARY_KERNEL(greaterequal, GREATER_EQUAL)
BINARY_KERNEL(sigmoidbackward, SIGMOID_BACKWARD)

// Binary: y[i] = op(a[...], b[...]) with each input read through its own broadcast strides, any rank.
kernel void binary(int op, int n, int rank, int8 shape8, int8 strides_a8, int8 strides_b8,
                   global const real* a, global const real* b, global real* y)
{
    int i = get_global_id(0);
    if (i >= n) return;
    UNPACK8(shape8, shape);
    UNPACK8(strides_a8, strides_a);
    UNPACK8(strides_b8, strides_b);
    y[i] = apply_binary(op, a[offset_of(i, rank, shape, strides_a)], b[offset_of(i, rank, shape, strides_b)]);
}

// Where: y = condition != 0 ? a : b, three broadcast inputs of the same type.
kernel void where_select(int n, int rank, int8 shape8, int8 strides_c8, int8 strides_a8, int8 strides_b8,
                         global const real* condition, global const real* a, global const real* b,
                         global real* y)
{
    int i = get_global_id(0);
    if (i >= n) return;
    UNPACK8(shape8, shape);
    UNPACK8(strides_c8, strides_c);
    UNPACK8(strides_a8, strides_a);
    UNPACK8(strides_b8, strides_b);
    y[i] = condition[offset_of(i, rank, shape, strides_c)] != 0
        ? a[offset_of(i, rank, shape, strides_a)]
        : b[offset_of(i, rank, shape, strides_b)];
}
