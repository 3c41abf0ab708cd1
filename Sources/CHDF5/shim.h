// Getters for HDF5 values that are macros (Swift cannot import them).
// Only one-line wrappers live here; all logic is in Swift (Sources/Artifacts).
#include <hdf5.h>

static inline hid_t ts_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t ts_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t ts_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t ts_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t ts_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t ts_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t ts_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t ts_H5T_STD_I32LE(void) { return H5T_STD_I32LE; }
static inline hid_t ts_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t ts_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t ts_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t ts_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t ts_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t ts_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t ts_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t ts_H5P_OBJECT_CREATE(void) { return H5P_OBJECT_CREATE; }
static inline hid_t ts_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t ts_H5S_ALL(void) { return H5S_ALL; }
static inline unsigned ts_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned ts_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned ts_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline size_t ts_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline herr_t ts_silence_errors(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline hid_t ts_H5E_DEFAULT(void) { return H5E_DEFAULT; }
