import CHDF5
import Foundation

/// Writes an `Artifact` to an HDF5 file.
///
/// Files are deterministic: object time tracking is off, objects are written in sorted
/// order, and creation properties are fixed. Datasets of 65,536 elements or more are
/// chunked and compressed (shuffle + deflate level 4).
public enum ArtifactWriter {
  static let chunkThreshold = 65_536

  public static func write(_ artifact: Artifact, to path: String) throws {
    HDF5Library.ensure()
    let fcpl = H5ID(H5Pcreate(ts_H5P_FILE_CREATE()), H5Pclose)
    H5Pset_obj_track_times(fcpl.id, false)
    let fid = try h5check(
      H5Fcreate(path, ts_H5F_ACC_TRUNC(), fcpl.id, ts_H5P_DEFAULT()),
      file: path, object: nil, "cannot create the file")
    let file = H5ID(fid, H5Fclose)
    try writeGroup(artifact.root, into: file.id, path: "", file: path)
    try h5check(H5Fflush(file.id, H5F_SCOPE_LOCAL), file: path, object: nil, "cannot flush the file")
  }

  private static func writeGroup(_ group: Artifact.Group, into gid: hid_t, path: String, file: String) throws {
    for name in group.attributes.keys.sorted() {
      try writeAttribute(name, group.attributes[name]!, on: gid, object: path.isEmpty ? "/" : path, file: file)
    }
    for name in group.datasets.keys.sorted() {
      try writeDataset(name, group.datasets[name]!, into: gid, path: path + "/" + name, file: file)
    }
    let gcpl = H5ID(H5Pcreate(ts_H5P_GROUP_CREATE()), H5Pclose)
    H5Pset_obj_track_times(gcpl.id, false)
    for name in group.groups.keys.sorted() {
      let child = path + "/" + name
      let cid = try h5check(
        H5Gcreate2(gid, name, ts_H5P_DEFAULT(), gcpl.id, ts_H5P_DEFAULT()),
        file: file, object: child, "cannot create the group")
      let handle = H5ID(cid, H5Gclose)
      try writeGroup(group.groups[name]!, into: handle.id, path: child, file: file)
    }
  }

  static func types(_ dtype: NDArray.DType) -> (file: hid_t, memory: hid_t) {
    switch dtype {
    case .float32: (ts_H5T_IEEE_F32LE(), ts_H5T_NATIVE_FLOAT())
    case .float64: (ts_H5T_IEEE_F64LE(), ts_H5T_NATIVE_DOUBLE())
    case .int32: (ts_H5T_STD_I32LE(), ts_H5T_NATIVE_INT32())
    case .int64: (ts_H5T_STD_I64LE(), ts_H5T_NATIVE_INT64())
    case .uint8: (ts_H5T_STD_U8LE(), ts_H5T_NATIVE_UINT8())
    }
  }

  private static func dataspace(_ shape: [Int]) -> H5ID {
    if shape.isEmpty { return H5ID(H5Screate(H5S_SCALAR), H5Sclose) }
    let dims = shape.map { hsize_t($0) }
    return H5ID(H5Screate_simple(Int32(dims.count), dims, nil), H5Sclose)
  }

  private static func writeDataset(_ name: String, _ ds: Artifact.Dataset, into gid: hid_t, path: String, file: String)
    throws
  {
    let array = ds.array
    let space = dataspace(array.shape)
    let dcpl = H5ID(H5Pcreate(ts_H5P_DATASET_CREATE()), H5Pclose)
    H5Pset_obj_track_times(dcpl.id, false)
    if array.count >= chunkThreshold, !array.shape.isEmpty {
      let chunk = chunkShape(array.shape, elements: chunkThreshold)
      H5Pset_chunk(dcpl.id, Int32(chunk.count), chunk.map { hsize_t($0) })
      H5Pset_shuffle(dcpl.id)
      H5Pset_deflate(dcpl.id, 4)
    }
    let (fileType, memType) = types(array.dtype)
    let did = try h5check(
      H5Dcreate2(gid, name, fileType, space.id, ts_H5P_DEFAULT(), dcpl.id, ts_H5P_DEFAULT()),
      file: file, object: path, "cannot create the dataset")
    let dataset = H5ID(did, H5Dclose)
    if array.count > 0 {
      _ = try array.withRawBytes { raw in
        try h5check(
          H5Dwrite(dataset.id, memType, ts_H5S_ALL(), ts_H5S_ALL(), ts_H5P_DEFAULT(), raw.baseAddress),
          file: file, object: path, "cannot write the dataset")
      }
    }
    for key in ds.attributes.keys.sorted() {
      try writeAttribute(key, ds.attributes[key]!, on: dataset.id, object: path, file: file)
    }
  }

  /// A chunk with the trailing dimensions whole and the leading ones cut so that it holds
  /// about `elements` elements.
  static func chunkShape(_ shape: [Int], elements: Int) -> [Int] {
    var chunk = shape.map { max($0, 1) }
    var i = 0
    while chunk.reduce(1, *) > elements, i < chunk.count {
      let rest = chunk[(i + 1)...].reduce(1, *)
      chunk[i] = max(1, min(chunk[i], elements / max(rest, 1)))
      i += 1
    }
    return chunk
  }

  private static func writeAttribute(
    _ name: String, _ value: AttributeValue, on oid: hid_t, object: String, file: String
  ) throws {
    let what = "cannot write the attribute \"\(name)\""
    switch value {
    case .string(let s):
      let type = H5ID(H5Tcopy(ts_H5T_C_S1()), H5Tclose)
      H5Tset_size(type.id, ts_H5T_VARIABLE())
      H5Tset_cset(type.id, H5T_CSET_UTF8)
      let space = H5ID(H5Screate(H5S_SCALAR), H5Sclose)
      let aid = try h5check(
        H5Acreate2(oid, name, type.id, space.id, ts_H5P_DEFAULT(), ts_H5P_DEFAULT()),
        file: file, object: object, what)
      let attr = H5ID(aid, H5Aclose)
      try s.withCString { cstr in
        var pointer: UnsafePointer<CChar>? = cstr
        try h5check(H5Awrite(attr.id, type.id, &pointer), file: file, object: object, what)
      }
    case .int(let v):
      try writeNumeric(
        name, [v], scalar: true, fileType: ts_H5T_STD_I64LE(), memType: ts_H5T_NATIVE_INT64(), on: oid, object: object,
        file: file)
    case .double(let v):
      try writeNumeric(
        name, [v], scalar: true, fileType: ts_H5T_IEEE_F64LE(), memType: ts_H5T_NATIVE_DOUBLE(), on: oid,
        object: object, file: file)
    case .ints(let a):
      try writeNumeric(
        name, a, scalar: false, fileType: ts_H5T_STD_I64LE(), memType: ts_H5T_NATIVE_INT64(), on: oid, object: object,
        file: file)
    case .doubles(let a):
      try writeNumeric(
        name, a, scalar: false, fileType: ts_H5T_IEEE_F64LE(), memType: ts_H5T_NATIVE_DOUBLE(), on: oid, object: object,
        file: file)
    }
  }

  private static func writeNumeric<T>(
    _ name: String, _ values: [T], scalar: Bool, fileType: hid_t, memType: hid_t,
    on oid: hid_t, object: String, file: String
  ) throws {
    let space = scalar ? H5ID(H5Screate(H5S_SCALAR), H5Sclose) : dataspace([values.count])
    let aid = try h5check(
      H5Acreate2(oid, name, fileType, space.id, ts_H5P_DEFAULT(), ts_H5P_DEFAULT()),
      file: file, object: object, "cannot create the attribute \"\(name)\"")
    let attr = H5ID(aid, H5Aclose)
    if !values.isEmpty {
      _ = try values.withUnsafeBytes { raw in
        try h5check(
          H5Awrite(attr.id, memType, raw.baseAddress), file: file, object: object,
          "cannot write the attribute \"\(name)\"")
      }
    }
  }
}
