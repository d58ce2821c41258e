#ifndef NNC_CYAML_SHIM_H
#define NNC_CYAML_SHIM_H
#include <yaml.h>
#endif
