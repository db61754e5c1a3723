#ifndef SCORE_VERIFY_CGMP_SHIM_H
#define SCORE_VERIFY_CGMP_SHIM_H
#include <gmp.h>
#endif
