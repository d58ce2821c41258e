/* The tile shapes of the 16-register variants (baseline and AVX2): 6 rows ×
   2 vectors (12 accumulators + 2 B vectors + 1 broadcast), and blocks of 1–3
   rows 4 vectors across; dot-product tiles of 4 × 3. */
#define NNC_MAX_NV 4
#define NNC_TILE_ROWS 6
#define NNC_DOT_COLS 3

static int nv_for_height(long h) { return h >= 4 ? 2 : 4; }

#define NNC_TILES(X) X(6, 2) X(5, 2) X(4, 2) X(3, 2) X(3, 4) X(2, 4) X(1, 4)
#define NNC_DOTS(X) X(4, 1) X(4, 2) X(4, 3) X(1, 1) X(1, 2) X(1, 3)
