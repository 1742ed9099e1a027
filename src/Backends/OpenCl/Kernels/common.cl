// common.cl: compiled in front of every other kernel file (it is not a CPU method of its own).
//
// The host builds each file once per element type with one of
//   -D real=float  -D REAL_FLOAT
//   -D real=double -D REAL_DOUBLE    (only on devices with cl_khr_fp64)
//   -D real=int    -D REAL_INT
// and adds -D HAS_FP64 when the device computes in double. Kernels that only make sense for
// floating point sit inside #ifndef REAL_INT.

#ifdef HAS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#ifdef REAL_INT
#define IS_NAN(x) false
#define REAL_LOWEST INT_MIN
#define REAL_HIGHEST INT_MAX
#else
#define IS_NAN(x) isnan(x)
#define REAL_LOWEST (-INFINITY)
#define REAL_HIGHEST INFINITY
#endif

// torch.maximum / torch.minimum: a NaN on either side wins. (OpenCL's fmax would drop it.)
inline real max_nan(real a, real b) { return IS_NAN(a) ? a : IS_NAN(b) ? b : (a > b ? a : b); }
inline real min_nan(real a, real b) { return IS_NAN(a) ? a : IS_NAN(b) ? b : (a < b ? a : b); }

// Broadcast layouts arrive as int8 kernel arguments (up to eight dimensions after the host merges
// contiguous ones), so no buffer has to be allocated per call. Unpack one into a private array.
#define UNPACK8(vector, array) int array[8]; vstore8(vector, 0, array)

// Where element `index` of a contiguous output lives in an input read with `strides`: peel the
// coordinates off from the last (fastest-moving) dimension, exactly as the CPU's nested loops would.
inline int offset_of(int index, int rank, const int* shape, const int* strides)
{
    int offset = 0;
    for (int d = rank - 1; d >= 0; d--) {
        offset += (index % shape[d]) * strides[d];
        index /= shape[d];
    }
    return offset;
}
