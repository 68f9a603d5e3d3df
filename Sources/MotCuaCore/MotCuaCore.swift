/// Pure domain rules of MotCua: calendars, deadlines, codes, identifiers, barcodes.
public enum MotCuaCore {}
