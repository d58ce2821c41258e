/* The whole kernel body, in dependency order; each variant file includes it once. */
#include "VectorOps.h"
#include "MathFunctions.h"
#include "GEMM.h"
#include "Activations.h"
#include "Losses.h"
#include "Optimizers.h"
#include "Physics.h"
#include "Table.h"
