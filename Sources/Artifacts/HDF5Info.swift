/// Facts about the HDF5 library in use (for `timescales doctor`).
public enum HDF5Info {
  public static var version: String {
    HDF5Library.ensure()
    return HDF5Library.version
  }
}
