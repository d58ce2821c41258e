// The data-file readers are part of the front end's interface: a spec names
// its data files, and every stage after it (checker, lowering, training)
// reads them through the one reader in NNCFiles.
@_exported import NNCFiles
