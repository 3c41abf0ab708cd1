import CHDF5
import Foundation
import Glibc

/// Writes an `Artifact` to an HDF5 file.
///
/// Files are deterministic: object time tracking is off, objects are written in sorted
/// order, and creation properties are fixed. Datasets of 65,536 elements or more are
/// chunked and compressed (shuffle + deflate level 4).
///
/// libhdf5 builds the file in memory (its core driver, no backing store) and this writes the
/// bytes with plain checked `write` calls. libhdf5 does not survive its own I/O errors: after a
/// failed write (a full disk) its file stays half-closed and the process dies with signal 11
/// when the library shuts down at exit. In memory it never meets the disk, and a full disk is an
/// `ArtifactsError` naming the file and the system's reason; the caller removes the partial file.
public enum ArtifactWriter {
  static let chunkThreshold = 65_536
  /// Growth step of the in-memory file.
  static let memoryIncrement = 1 << 20

  public static func write(_ artifact: Artifact, to path: String) throws {
    let bytes = try fileImage(artifact, name: path)
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else {
      throw ArtifactsError(file: path, "cannot create the file (\(String(cString: strerror(errno))))")
    }
    var failure: Int32 = 0
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { failure = n < 0 ? errno : EIO; return }
        offset += n
      }
    }
    if close(fd) != 0 && failure == 0 { failure = errno }
    guard failure == 0 else {
      throw ArtifactsError(file: path, "cannot write the file (\(String(cString: strerror(failure))))")
    }
  }

  /// The bytes of `artifact` as an HDF5 file, built in memory; `name` names it in errors.
  public static func fileImage(_ artifact: Artifact, name: String) throws -> [UInt8] {
    HDF5Library.ensure()
    let fcpl = try properties(ts_H5P_FILE_CREATE(), file: name, object: nil)
    let fapl = H5ID(
      try h5check(H5Pcreate(ts_H5P_FILE_ACCESS()), file: name, object: nil, "cannot make properties"), H5Pclose)
    try h5check(
      H5Pset_fapl_core(fapl.id, memoryIncrement, false), file: name, object: nil, "cannot build the file in memory")
    let fid = try h5check(
      H5Fcreate(name, ts_H5F_ACC_TRUNC(), fcpl.id, fapl.id), file: name, object: nil, "cannot create the file")
    let file = H5ID(fid, H5Fclose)
    try writeGroup(artifact.root, into: file.id, path: "", file: name)
    try h5check(H5Fflush(file.id, H5F_SCOPE_LOCAL), file: name, object: nil, "cannot complete the file")
    let size = H5Fget_file_image(file.id, nil, 0)
    guard size > 0 else { throw ArtifactsError(file: name, "cannot complete the file (no file image)") }
    var bytes = [UInt8](repeating: 0, count: size)
    let copied = bytes.withUnsafeMutableBytes { H5Fget_file_image(file.id, $0.baseAddress, size) }
    guard copied == size else { throw ArtifactsError(file: name, "cannot complete the file (short file image)") }
    try file.close(file: name, object: nil, "cannot complete the file")
    return bytes
  }

  /// Creation properties of `kind` (file, group, dataset) with object times off.
  private static func properties(_ kind: hid_t, file: String, object: String?) throws -> H5ID {
    let list = H5ID(try h5check(H5Pcreate(kind), file: file, object: object, "cannot make properties"), H5Pclose)
    try h5check(H5Pset_obj_track_times(list.id, false), file: file, object: object, "cannot set properties")
    return list
  }

  private static func writeGroup(_ group: Artifact.Group, into gid: hid_t, path: String, file: String) throws {
    for name in group.attributes.keys.sorted() {
      try writeAttribute(name, group.attributes[name]!, on: gid, object: path.isEmpty ? "/" : path, file: file)
    }
    for name in group.datasets.keys.sorted() {
      try writeDataset(name, group.datasets[name]!, into: gid, path: path + "/" + name, file: file)
    }
    for name in group.groups.keys.sorted() {
      let child = path + "/" + name
      let gcpl = try properties(ts_H5P_GROUP_CREATE(), file: file, object: child)
      let cid = try h5check(
        H5Gcreate2(gid, name, ts_H5P_DEFAULT(), gcpl.id, ts_H5P_DEFAULT()),
        file: file, object: child, "cannot create the group")
      let handle = H5ID(cid, H5Gclose)
      try writeGroup(group.groups[name]!, into: handle.id, path: child, file: file)
      try handle.close(file: file, object: child, "cannot write the group")
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

  private static func dataspace(_ shape: [Int], file: String, object: String) throws -> H5ID {
    let dims = shape.map { hsize_t($0) }
    let id = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil)
    return H5ID(try h5check(id, file: file, object: object, "cannot make a dataspace"), H5Sclose)
  }

  private static func writeDataset(_ name: String, _ ds: Artifact.Dataset, into gid: hid_t, path: String, file: String)
    throws
  {
    let array = ds.array
    let space = try dataspace(array.shape, file: file, object: path)
    let dcpl = try properties(ts_H5P_DATASET_CREATE(), file: file, object: path)
    if array.count >= chunkThreshold, !array.shape.isEmpty {
      let chunk = chunkShape(array.shape, elements: chunkThreshold)
      let what = "cannot set chunking and compression"
      try h5check(H5Pset_chunk(dcpl.id, Int32(chunk.count), chunk.map { hsize_t($0) }), file: file, object: path, what)
      try h5check(H5Pset_shuffle(dcpl.id), file: file, object: path, what)
      try h5check(H5Pset_deflate(dcpl.id, 4), file: file, object: path, what)
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
    try dataset.close(file: file, object: path, "cannot write the dataset")
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
      let type = H5ID(try h5check(H5Tcopy(ts_H5T_C_S1()), file: file, object: object, what), H5Tclose)
      try h5check(H5Tset_size(type.id, ts_H5T_VARIABLE()), file: file, object: object, what)
      try h5check(H5Tset_cset(type.id, H5T_CSET_UTF8), file: file, object: object, what)
      let space = try dataspace([], file: file, object: object)
      let aid = try h5check(
        H5Acreate2(oid, name, type.id, space.id, ts_H5P_DEFAULT(), ts_H5P_DEFAULT()),
        file: file, object: object, what)
      let attr = H5ID(aid, H5Aclose)
      try s.withCString { cstr in
        var pointer: UnsafePointer<CChar>? = cstr
        try h5check(H5Awrite(attr.id, type.id, &pointer), file: file, object: object, what)
      }
      try attr.close(file: file, object: object, what)
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
    let what = "cannot write the attribute \"\(name)\""
    let space = try dataspace(scalar ? [] : [values.count], file: file, object: object)
    let aid = try h5check(
      H5Acreate2(oid, name, fileType, space.id, ts_H5P_DEFAULT(), ts_H5P_DEFAULT()),
      file: file, object: object, "cannot create the attribute \"\(name)\"")
    let attr = H5ID(aid, H5Aclose)
    if !values.isEmpty {
      _ = try values.withUnsafeBytes { raw in
        try h5check(H5Awrite(attr.id, memType, raw.baseAddress), file: file, object: object, what)
      }
    }
    try attr.close(file: file, object: object, what)
  }
}
