#ifndef SCORE_VERIFY_COPENBLAS_SHIM_H
#define SCORE_VERIFY_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
