import CHDF5
import Foundation

/// Reads a whole HDF5 file into an `Artifact`.
///
/// Any HDF5 file of groups, numeric datasets and string/numeric attributes can be read,
/// not only our own: unsigned 1-byte integers become uint8 (raw bytes), other integer datasets
/// int32 (≤ 4 bytes) or int64, floats float32 (≤ 4 bytes) or float64; string attributes may be fixed or variable length.
public enum ArtifactReader {
  public static func read(_ path: String) throws -> Artifact {
    HDF5Library.ensure()
    guard FileManager.default.fileExists(atPath: path) else {
      throw ArtifactsError(file: path, "no such file")
    }
    guard H5Fis_hdf5(path) > 0 else {
      throw ArtifactsError(file: path, "not an HDF5 file", hint: "check the path, or whether the file was truncated")
    }
    let fid = try h5check(
      H5Fopen(path, ts_H5F_ACC_RDONLY(), ts_H5P_DEFAULT()), file: path, object: nil, "cannot open the file")
    let file = H5ID(fid, H5Fclose)
    var artifact = Artifact()
    artifact.root = try readGroup(file.id, path: "", file: path)
    return artifact
  }

  private static func readGroup(_ gid: hid_t, path: String, file: String) throws -> Artifact.Group {
    var group = Artifact.Group()
    group.attributes = try readAttributes(gid, object: path.isEmpty ? "/" : path, file: file)
    var info = H5G_info_t()
    try h5check(H5Gget_info(gid, &info), file: file, object: path, "cannot list the group")
    for i in 0..<info.nlinks {
      let name = try linkName(gid, index: i, object: path, file: file)
      let child = path + "/" + name
      var oinfo = H5O_info_t()
      try h5check(
        H5Oget_info_by_name2(gid, name, &oinfo, UInt32(H5O_INFO_BASIC), ts_H5P_DEFAULT()),
        file: file, object: child, "cannot inspect the object")
      switch oinfo.type {
      case H5O_TYPE_GROUP:
        let cid = try h5check(H5Gopen2(gid, name, ts_H5P_DEFAULT()), file: file, object: child, "cannot open the group")
        let handle = H5ID(cid, H5Gclose)
        group.groups[name] = try readGroup(handle.id, path: child, file: file)
      case H5O_TYPE_DATASET:
        group.datasets[name] = try readDataset(gid, name: name, path: child, file: file)
      default:
        continue
      }
    }
    return group
  }

  private static func linkName(_ gid: hid_t, index: hsize_t, object: String, file: String) throws -> String {
    let size = H5Lget_name_by_idx(gid, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, ts_H5P_DEFAULT())
    guard size >= 0 else { throw ArtifactsError(file: file, object: object, "cannot read a link name") }
    var buffer = [CChar](repeating: 0, count: Int(size) + 1)
    H5Lget_name_by_idx(gid, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, ts_H5P_DEFAULT())
    return String(cString: buffer)
  }

  private static func shape(of space: hid_t) -> [Int] {
    let rank = Int(H5Sget_simple_extent_ndims(space))
    guard rank > 0 else { return [] }
    var dims = [hsize_t](repeating: 0, count: rank)
    H5Sget_simple_extent_dims(space, &dims, nil)
    return dims.map { Int($0) }
  }

  private static func readDataset(_ gid: hid_t, name: String, path: String, file: String) throws -> Artifact.Dataset {
    let did = try h5check(H5Dopen2(gid, name, ts_H5P_DEFAULT()), file: file, object: path, "cannot open the dataset")
    let dataset = H5ID(did, H5Dclose)
    let space = H5ID(H5Dget_space(dataset.id), H5Sclose)
    let dims = shape(of: space.id)
    let count = dims.reduce(1, *)
    let type = H5ID(H5Dget_type(dataset.id), H5Tclose)
    let cls = H5Tget_class(type.id)
    let size = H5Tget_size(type.id)
    func read<T>(_ memType: hid_t, _ zero: T) throws -> [T] {
      var values = [T](repeating: zero, count: count)
      if count > 0 {
        _ = try values.withUnsafeMutableBytes { raw in
          try h5check(
            H5Dread(dataset.id, memType, ts_H5S_ALL(), ts_H5S_ALL(), ts_H5P_DEFAULT(), raw.baseAddress),
            file: file, object: path, "cannot read the dataset")
        }
      }
      return values
    }
    let storage: NDArray.Storage
    switch cls {
    case H5T_FLOAT:
      storage =
        size <= 4
        ? .float32(try read(ts_H5T_NATIVE_FLOAT(), Float(0))) : .float64(try read(ts_H5T_NATIVE_DOUBLE(), 0.0))
    case H5T_INTEGER where size == 1 && H5Tget_sign(type.id) == H5T_SGN_NONE:
      storage = .uint8(try read(ts_H5T_NATIVE_UINT8(), UInt8(0)))
    case H5T_INTEGER, H5T_ENUM:
      storage =
        size <= 4
        ? .int32(try read(ts_H5T_NATIVE_INT32(), Int32(0))) : .int64(try read(ts_H5T_NATIVE_INT64(), Int64(0)))
    default:
      throw ArtifactsError(
        file: file, object: path, "unsupported dataset type (class \(cls.rawValue)); only numeric datasets are read")
    }
    let attributes = try readAttributes(dataset.id, object: path, file: file)
    return Artifact.Dataset(NDArray(shape: dims, storage: storage), attributes: attributes)
  }

  private static func readAttributes(_ oid: hid_t, object: String, file: String) throws -> [String: AttributeValue] {
    var info = H5O_info_t()
    try h5check(
      H5Oget_info2(oid, &info, UInt32(H5O_INFO_NUM_ATTRS)), file: file, object: object, "cannot inspect the object")
    var out: [String: AttributeValue] = [:]
    for i in 0..<info.num_attrs {
      let aid = try h5check(
        H5Aopen_by_idx(oid, ".", H5_INDEX_NAME, H5_ITER_INC, i, ts_H5P_DEFAULT(), ts_H5P_DEFAULT()),
        file: file, object: object, "cannot open an attribute")
      let attr = H5ID(aid, H5Aclose)
      let nameSize = H5Aget_name(attr.id, 0, nil)
      var nameBuffer = [CChar](repeating: 0, count: Int(nameSize) + 1)
      H5Aget_name(attr.id, nameBuffer.count, &nameBuffer)
      let name = String(cString: nameBuffer)
      if let value = try readAttribute(attr.id, name: name, object: object, file: file) { out[name] = value }
    }
    return out
  }

  private static func readAttribute(_ aid: hid_t, name: String, object: String, file: String) throws -> AttributeValue?
  {
    let type = H5ID(H5Aget_type(aid), H5Tclose)
    let space = H5ID(H5Aget_space(aid), H5Sclose)
    let dims = shape(of: space.id)
    let count = dims.reduce(1, *)
    let what = "cannot read the attribute \"\(name)\""
    switch H5Tget_class(type.id) {
    case H5T_STRING:
      guard count == 1 else { return nil }
      if H5Tis_variable_str(type.id) > 0 {
        let memType = H5ID(H5Tcopy(ts_H5T_C_S1()), H5Tclose)
        H5Tset_size(memType.id, ts_H5T_VARIABLE())
        H5Tset_cset(memType.id, H5Tget_cset(type.id))
        var pointer: UnsafeMutablePointer<CChar>? = nil
        try h5check(H5Aread(aid, memType.id, &pointer), file: file, object: object, what)
        defer { H5free_memory(pointer) }
        return .string(pointer.map { String(cString: $0) } ?? "")
      }
      let size = H5Tget_size(type.id)
      var buffer = [CChar](repeating: 0, count: size + 1)
      try h5check(H5Aread(aid, type.id, &buffer), file: file, object: object, what)
      return .string(String(cString: buffer))
    case H5T_INTEGER:
      var values = [Int64](repeating: 0, count: count)
      try h5check(H5Aread(aid, ts_H5T_NATIVE_INT64(), &values), file: file, object: object, what)
      return dims.isEmpty ? .int(values[0]) : .ints(values)
    case H5T_FLOAT:
      var values = [Double](repeating: 0, count: count)
      try h5check(H5Aread(aid, ts_H5T_NATIVE_DOUBLE(), &values), file: file, object: object, what)
      return dims.isEmpty ? .double(values[0]) : .doubles(values)
    default:
      return nil
    }
  }
}
