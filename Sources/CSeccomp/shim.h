#ifndef SCORE_VERIFY_CSECCOMP_SHIM_H
#define SCORE_VERIFY_CSECCOMP_SHIM_H
#include <seccomp.h>
#endif
