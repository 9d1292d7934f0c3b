// The ONNX Runtime C# sources rely on this namespace being imported by their own build.
global using System.Reflection;
