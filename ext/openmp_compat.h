/* OpenMP entry points that also exist when the core is built without OpenMP. */
#ifndef PAYNECRM_OPENMP_COMPAT_H
#define PAYNECRM_OPENMP_COMPAT_H
#ifdef _OPENMP
#include <omp.h>
#define PAYNECRM_OPENMP 1
#else
#define PAYNECRM_OPENMP 0
static inline int omp_get_max_threads(void) { return 1; }
static inline int omp_get_thread_num(void) { return 0; }
#endif
#endif
