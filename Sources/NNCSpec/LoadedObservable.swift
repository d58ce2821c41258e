/// One observable's files, read and checked (`ObservableFiles.load`): what
/// lowering and training need, in Double, in the layouts below.
///
/// Sizes: N_grid grid points, N_data data points, N_out outputs (the spec's
/// `outputs`), N_raw raw inputs (the spec's `inputs.rawVariables`).
public struct LoadedObservable: Sendable, Equatable {
    /// The data set's name (`name:`).
    public var name: String
    /// N_grid: the rows of the grid file.
    public var gridCount: Int
    /// N_data: the rows of the FK table (and of the values, the covariance).
    public var dataCount: Int
    /// N_out.
    public var outputCount: Int
    /// The raw inputs the grid holds, in the spec's order (`inputs.rawVariables`).
    public var variables: [String]
    /// The grid, N_raw × N_grid row-major: `grid[v * gridCount + j]` is raw
    /// input `variables[v]` at grid point j, in the grid file's row order.
    public var grid: [Double]
    /// The 1-based line of each grid point in the grid file.
    public var gridLines: [Int]
    /// K, N_data × (N_out·N_grid) row-major, output-major columns:
    /// `fktable[i * (outputCount * gridCount) + o * gridCount + j]` multiplies
    /// output o at grid point j in data point i, so F_i = Σ_o Σ_j K[i, o·N_grid + j]·f_o(x_j).
    public var fktable: [Double]
    /// The measured central values (N_data) of `values: {csv, column}`; nil
    /// for closure data (`values: {truth}`), whose values are `truthValues`
    /// (level 0) plus L·z (level 1, z drawn from the observable's `seed`).
    public var values: [Double]?
    /// For `values: {truth}`: the truth on the grid, output-major, N_out·N_grid
    /// (`truthOnGrid[o * gridCount + j]`); nil otherwise.
    public var truthOnGrid: [Double]?
    /// For `values: {truth}`: T = K·truth(grid), N_data: the level-0 values and
    /// the reference of the closure figures; nil otherwise.
    public var truthValues: [Double]?
    /// C, N_data × N_data row-major: the covariance file, or diag(σ²) for
    /// `uncertainty: {csv, column}`.
    public var covariance: [Double]
    /// L with C = L·Lᵀ, lower triangular, N_data × N_data row-major, computed
    /// in Double. Level-1 noise and replicas' fluctuations are L·z; C⁻¹ follows
    /// from L (two triangular solves per column).
    public var choleskyFactor: [Double]

    public init(
        name: String, gridCount: Int, dataCount: Int, outputCount: Int, variables: [String], grid: [Double],
        gridLines: [Int], fktable: [Double], values: [Double]?, truthOnGrid: [Double]?, truthValues: [Double]?,
        covariance: [Double], choleskyFactor: [Double]
    ) {
        self.name = name
        self.gridCount = gridCount
        self.dataCount = dataCount
        self.outputCount = outputCount
        self.variables = variables
        self.grid = grid
        self.gridLines = gridLines
        self.fktable = fktable
        self.values = values
        self.truthOnGrid = truthOnGrid
        self.truthValues = truthValues
        self.covariance = covariance
        self.choleskyFactor = choleskyFactor
    }

    /// The values of raw input `variable` at every grid point, in row order.
    public func gridValues(of variable: String) -> ArraySlice<Double>? {
        variables.firstIndex(of: variable).map { grid[($0 * gridCount)..<(($0 + 1) * gridCount)] }
    }
}
