#include <cblas.h>
// OpenBLAS extensions used to choose the thread count per matrix shape.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
