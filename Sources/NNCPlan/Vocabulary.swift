/// The plan names activations, losses, optimisers and initialisers with the
/// vocabulary's own types, and so do the kernels that read it.
@_exported import NNCVocabulary
