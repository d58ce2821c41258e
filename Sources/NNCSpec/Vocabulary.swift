/// The words a spec names (activations, initialisers, losses, optimisers,
/// samplings, noise models) with their parameters, defaults and ranges live
/// in NNCVocabulary, below every stage, so the decoder, the checker, the
/// schema, the plan and the kernels read one definition. Every user of the
/// spec sees them through this module.
@_exported import NNCVocabulary
