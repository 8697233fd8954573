#ifndef GRAD_ALLOC_COUNTER_H
#define GRAD_ALLOC_COUNTER_H
#include <stdint.h>
/// Number of malloc/calloc/realloc/posix_memalign calls made by this process so far.
uint64_t grad_alloc_count(void);
#endif
